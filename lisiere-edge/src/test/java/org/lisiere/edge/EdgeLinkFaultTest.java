package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sync results reach the core exactly once however the network between edge and core fails: a {@link FaultyLink}
 * resets connections, loses the core's answers, leaves connections half-open, trickles and duplicates bytes, and holds
 * an upload half-way while the core restarts (docs/sync-protocol.md).
 */
class EdgeLinkFaultTest {
    @TempDir
    Path root;

    private CoreAndEdges fleet;
    private FaultyLink link;
    private CoreAndEdges.Edge edge;

    @BeforeEach
    void enrollThroughTheLink() {
        fleet = new CoreAndEdges(root);
        fleet.core("CREATE SITE TABLE events (id BIGINT) OPTIONS (residency = 'open')");
        fleet.core("CREATE SYNC events_up FROM SITES EVERY '1 minute' AS SELECT id FROM events WHERE id > LAST");
        link = new FaultyLink(fleet.coreUrl.getPort());
        edge = fleet.enrollThrough(link.url(), "site", fleet.createSite("site", ""), Duration.ofSeconds(1));
    }

    @AfterEach
    void stopAll() {
        link.close();
        fleet.close();
    }

    @ParameterizedTest
    @EnumSource(names = {"RESET", "LOSE_ANSWER", "HALF_OPEN"})
    void aBatchTheCoreDidNotConfirmIsSentAgainAndStoredOnce(FaultyLink.Fault fault) {
        ingest(1, 100);
        link.set(fault);

        assertThat(edge.agent().syncNow()).as("confirmed by the core").isFalse();
        ingest(100, 150);
        assertThat(edge.agent().syncNow()).isFalse();
        link.set(FaultyLink.Fault.NONE);
        syncUntilConfirmed();

        assertExactlyOnceAtTheCore(1, 150);
        assertThat(fleet.rows("SELECT batch, dropped FROM _lisiere_sync_batches ORDER BY batch"))
                .containsExactly(List.of("1", "false"), List.of("2", "false"));
    }

    @ParameterizedTest
    @EnumSource(names = {"TRICKLE", "DUPLICATE"})
    void aTricklingOrDuplicatingLinkStillDeliversEveryBatchOnce(FaultyLink.Fault fault) {
        link.set(fault);
        for (long first = 1; first < 100; first += 33) {
            ingest(first, first + 33);
            syncUntilConfirmed();
        }

        assertExactlyOnceAtTheCore(1, 100);
        assertThat(fleet.rows("SELECT count(*) FROM _lisiere_sync_batches")).containsExactly(List.of("3"));
        assertThat(link.hits(fault)).as("requests under the fault").isPositive();
    }

    @Test
    void theCoreRestartingInTheMiddleOfAnUploadLosesNothing() throws Exception {
        ingest(1, 200);
        link.set(FaultyLink.Fault.STALL_MID_REQUEST);
        CompletableFuture<Boolean> sync = CompletableFuture.supplyAsync(() -> edge.agent().syncNow());
        link.awaitStall();

        fleet.stopCore();
        fleet.restartCore();
        link.set(FaultyLink.Fault.NONE);

        assertThat(sync.get(60, TimeUnit.SECONDS)).as("confirmed by the core").isFalse();
        syncUntilConfirmed();
        assertExactlyOnceAtTheCore(1, 200);
    }

    /** Ingests ids [first, end) at the edge. */
    private void ingest(long first, long end) {
        String body = LongStream.range(first, end).mapToObj(id -> "{\"id\": " + id + "}")
                .collect(Collectors.joining("\n", "", "\n"));
        CoreAndEdges.Answer answer = fleet.post(edge, "/v1/ingest/events", "application/x-ndjson", body, Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /**
     * Syncs until the core confirmed everything; the edge's HTTP client may find that a kept-alive connection was cut
     * by the last fault, which fails that attempt as a real network would, so it takes up to three.
     */
    private void syncUntilConfirmed() {
        boolean confirmed = false;
        for (int attempt = 0; attempt < 3 && !confirmed; attempt++) {
            confirmed = edge.agent().syncNow();
        }
        assertThat(confirmed).as("confirmed by the core").isTrue();
    }

    private void assertExactlyOnceAtTheCore(long first, long end) {
        List<String> expected = LongStream.range(first, end).mapToObj(Long::toString).toList();
        assertThat(fleet.rows("SELECT id FROM events_up ORDER BY id").stream().map(r -> r.get(0)).toList())
                .containsExactlyElementsOf(expected);
    }
}
