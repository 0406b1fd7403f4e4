package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.LisiereException;

/** Syncs run at the sites over new rows and land at the core exactly once, through core outages. */
class SyncTest {
    @TempDir
    Path root;

    private CoreAndEdges fleet;

    @BeforeEach
    void startCore() {
        fleet = new CoreAndEdges(root);
        fleet.core("CREATE SITE TABLE pos (store VARCHAR, ts TIMESTAMP, amount DOUBLE, card VARCHAR)");
        fleet.core("CREATE SYNC pos_minutely FROM SITES EVERY '1 minute' AS SELECT time_bucket(INTERVAL 1 MINUTE, ts)"
                + " AS minute, count(*) AS n, sum(amount) AS total FROM pos WHERE ts > LAST GROUP BY ALL");
    }

    @AfterEach
    void stopAll() {
        fleet.close();
    }

    private void ingest(CoreAndEdges.Edge edge, String... lines) {
        CoreAndEdges.Answer answer = fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson",
                String.join("\n", lines) + "\n", Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static String sale(String ts, double amount) {
        return "{\"store\": \"a\", \"ts\": \"2026-11-29 10:" + ts + "\", \"amount\": " + amount + ", \"card\":"
                + " \"4970-1111\"}";
    }

    @Test
    void resultsLandAtTheCoreWithTheSiteAndOnlyOnce() {
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""));
        CoreAndEdges.Edge lyon = fleet.enroll("lyon", fleet.createSite("lyon", ""));
        ingest(paris, sale("00:05", 10), sale("00:40", 5), sale("01:10", 1));
        ingest(lyon, sale("00:01", 7));

        assertThat(paris.agent().syncNow()).isTrue();
        assertThat(lyon.agent().syncNow()).isTrue();
        assertThat(paris.agent().syncNow()).isTrue();
        ingest(paris, sale("01:50", 2));
        paris.agent().syncNow();

        assertThat(fleet.rows("SELECT site, strftime(minute, '%H:%M') AS m, n, total FROM pos_minutely ORDER BY site,"
                + " m, n")).containsExactly(
                List.of("lyon", "10:00", "1", "7.0"),
                List.of("paris", "10:00", "2", "15.0"),
                List.of("paris", "10:01", "1", "1.0"),
                List.of("paris", "10:01", "1", "2.0"));
        assertThat(fleet.rows("SELECT sync, site, batch FROM _lisiere_sync_batches ORDER BY site, batch"))
                .containsExactly(List.of("pos_minutely", "lyon", "1"), List.of("pos_minutely", "paris", "1"),
                        List.of("pos_minutely", "paris", "2"));
    }

    @Test
    void batchesWaitWhileTheCoreIsDownAndArriveInOrderAfter() {
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""));
        fleet.stopCore();
        ingest(paris, sale("00:05", 10));
        assertThat(paris.agent().syncNow()).isFalse();
        ingest(paris, sale("02:05", 20));
        assertThat(paris.agent().syncNow()).isFalse();

        fleet.restartCore();
        assertThat(paris.agent().syncNow()).isTrue();
        paris.agent().heartbeat();

        assertThat(fleet.rows("SELECT strftime(minute, '%H:%M'), n, total FROM pos_minutely ORDER BY 1"))
                .containsExactly(List.of("10:00", "1", "10.0"), List.of("10:02", "1", "20.0"));
        assertThat(fleet.rows("SELECT site, backlog_rows FROM lisiere.sites"))
                .containsExactly(List.of("paris", "0"));
    }

    @Test
    void aBatchSentAgainIsRecognizedAndAGapIsRefused() throws Exception {
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""));
        ingest(paris, sale("00:05", 10));
        paris.agent().syncNow();
        org.lisiere.client.LisiereClient site = org.lisiere.client.LisiereClient.connect(fleet.coreUrl,
                EdgeIdentity.load(root.resolve("paris")).orElseThrow().credential());
        Path again = root.resolve("again.ndjson");
        java.nio.file.Files.writeString(again, "{\"minute\": \"2026-11-29 10:00:00\", \"n\": 1, \"total\": 10.0}\n");

        assertThat(site.sendSyncBatch("pos_minutely", 1, 0, again)).isTrue();
        assertThatThrownBy(() -> site.sendSyncBatch("pos_minutely", 3, 0, again))
                .isInstanceOf(LisiereException.class)
                .hasMessage("Batch 3 of sync 'pos_minutely' from site 'paris' arrived before batch 2; send batches in"
                        + " order");
        assertThat(fleet.rows("SELECT count(*) FROM pos_minutely")).containsExactly(List.of("1"));
    }

    @Test
    void aFullBacklogBlocksIngestUntilTheCoreIsBack() {
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""), o -> o.withBacklog(1, false));
        fleet.stopCore();
        ingest(paris, sale("00:05", 10));
        paris.agent().syncNow();

        assertThat(fleet.postWithRetryAfter(paris, "/v1/ingest/pos", sale("00:06", 1) + "\n"))
                .isEqualTo("503 30 BACKLOG_FULL");
        fleet.restartCore();
        paris.agent().syncNow();
        assertThat(fleet.postWithRetryAfter(paris, "/v1/ingest/pos", sale("00:06", 1) + "\n")).startsWith("200");
    }

    @Test
    void dropOldestKeepsTheNewestBatchesAndTheCoreRecordsTheGap() {
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""), o -> o.withBacklog(1, true));
        fleet.stopCore();
        ingest(paris, sale("00:05", 10));
        paris.agent().syncNow();
        ingest(paris, sale("02:05", 20));
        paris.agent().syncNow();

        fleet.restartCore();
        assertThat(paris.agent().syncNow()).isTrue();
        paris.agent().heartbeat();

        assertThat(fleet.rows("SELECT strftime(minute, '%H:%M'), n FROM pos_minutely")).containsExactly(
                List.of("10:02", "1"));
        assertThat(fleet.rows("SELECT batch, dropped FROM _lisiere_sync_batches ORDER BY batch")).containsExactly(
                List.of("1", "true"), List.of("2", "false"));
        assertThat(fleet.rows("SELECT backlog_rows, dropped_rows FROM lisiere.sites")).containsExactly(
                List.of("0", "1"));
    }

    @Test
    void aSiteDroppedAndCreatedAgainSendsItsBatchesFromOneAgain() {
        CoreAndEdges.Edge first = fleet.enroll("paris", fleet.createSite("paris", ""));
        ingest(first, sale("00:05", 10));
        assertThat(first.agent().syncNow()).isTrue();
        fleet.stop(first);
        fleet.core("DROP SITE paris");

        CoreAndEdges.Edge again = fleet.enroll("paris-again", fleet.createSite("paris", ""));
        ingest(again, sale("00:06", 20));
        assertThat(again.agent().syncNow()).isTrue();

        assertThat(fleet.rows("SELECT site, n, total FROM pos_minutely ORDER BY total")).containsExactly(
                List.of("paris", "1", "10.0"), List.of("paris", "1", "20.0"));
    }

    @Test
    void rowsPastTheirRetentionAreDeletedOnceEverySyncHasReadThem() {
        fleet.core("CREATE SITE TABLE taps (card VARCHAR, amount DOUBLE) OPTIONS (residency = 'pseudonymised',"
                + " pseudonymise = ['card'], retention = '2 days')");
        fleet.core("CREATE SYNC tap_totals FROM SITES EVERY '1 minute' AS SELECT count(*) AS n, sum(amount) AS total"
                + " FROM taps");
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""));
        fleet.post(paris, "/v1/ingest/taps", "application/x-ndjson", "{\"card\": \"c1\", \"amount\": 3}\n"
                + "{\"card\": \"c2\", \"amount\": 4}\n", Map.of("Idempotency-Key", "first"));
        paris.agent().syncNow();
        fleet.clock.advance(Duration.ofDays(1));
        assertThat(paris.agent().applyRetention()).as("a day old").isZero();

        fleet.post(paris, "/v1/ingest/taps", "application/x-ndjson", "{\"card\": \"c3\", \"amount\": 5}\n",
                Map.of());
        fleet.clock.advance(Duration.ofDays(2));

        assertThat(paris.agent().applyRetention()).as("synced and three days old").isEqualTo(2);
        assertThat(CoreAndEdges.local(paris, "SELECT card FROM taps")).containsExactly(List.of("c3"));
        assertThat(CoreAndEdges.local(paris, "SELECT count(*) FROM _lisiere_ingest_keys")).containsExactly(
                List.of("0"));
        paris.agent().syncNow();
        assertThat(paris.agent().applyRetention()).isEqualTo(1);
        assertThat(fleet.rows("SELECT n, total FROM tap_totals ORDER BY n")).containsExactly(List.of("1", "5.0"),
                List.of("2", "7.0"));
    }

    @Test
    void rawRowsOfSiteResidentTablesNeverLeaveButPseudonymsDo() {
        LisiereException refused = org.assertj.core.api.Assertions.catchThrowableOfType(LisiereException.class,
                () -> fleet.core("CREATE SYNC raw FROM SITES EVERY '1 minute' AS SELECT * FROM pos WHERE ts > LAST"));
        assertThat(refused.getMessage()).isEqualTo("This sync would send raw rows of pos (residency 'site': only"
                + " aggregates leave the site): it does not aggregate (GROUP BY or count, sum, avg, … at its top"
                + " level)");
        fleet.core("CREATE SITE TABLE cards (store VARCHAR, card VARCHAR, amount DOUBLE) OPTIONS (residency ="
                + " 'pseudonymised', pseudonymise = ['card'])");
        fleet.core("CREATE SYNC card_use FROM SITES EVERY '1 minute' AS SELECT store, card, amount FROM cards");
        try (FaultyLink link = new FaultyLink(fleet.coreUrl.getPort())) {
            CoreAndEdges.Edge paris = fleet.enrollThrough(link.url(), "paris", fleet.createSite("paris", ""),
                    Duration.ofSeconds(30));
            fleet.post(paris, "/v1/ingest/cards", "application/x-ndjson", "{\"store\": \"a\", \"card\":"
                    + " \"4970-2222\", \"amount\": 3}\n{\"store\": \"a\", \"card\": \"4970-2222\", \"amount\": 4}\n",
                    Map.of());
            ingest(paris, sale("00:05", 10), sale("00:40", 5));

            assertThat(paris.agent().syncNow()).isTrue();
            assertThat(paris.agent().heartbeat()).isTrue();

            List<List<String>> rows = fleet.rows("SELECT card, amount FROM card_use ORDER BY amount");
            assertThat(rows).hasSize(2);
            assertThat((String) rows.get(0).get(0)).matches("[0-9a-f]{64}").isEqualTo(rows.get(1).get(0));
            assertThat(fleet.rows("SELECT n, total FROM pos_minutely")).containsExactly(List.of("2", "15.0"));
            String sent = link.sentText();
            assertThat(sent).as("every byte the edge sent").doesNotContain("4970-1111", "4970-2222")
                    .contains(rows.get(0).get(0), "PUT /v1/site/syncs/pos_minutely/batches/1",
                            "POST /v1/site/heartbeat");
        }
        assertThat(fleet.rows("SELECT count(*) FROM card_use WHERE card LIKE '%4970%'"))
                .containsExactly(List.of("0"));
    }
}
