package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.LisiereException;

/** A site enrolls, gets its tables and models from the core, ingests durably and once, and scores events. */
class EdgeSiteTest {
    @TempDir
    Path root;

    private CoreAndEdges fleet;

    @BeforeEach
    void startCore() {
        fleet = new CoreAndEdges(root);
        fleet.core("CREATE SITE TABLE pos (store VARCHAR, amount DOUBLE, items BIGINT)");
    }

    @AfterEach
    void stopAll() {
        fleet.close();
    }

    private static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    @Test
    void enrollsGetsItsTablesAndAnswersHealthChecks() {
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", "OPTIONS (labels = ['retail'])"));

        CoreAndEdges.Answer health = fleet.get(edge, "/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"site\":\"s1\",\"project\":\"shop\","
                + "\"core\":\"online\"}");
        assertThat(CoreAndEdges.local(edge, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name ="
                + " 'pos' ORDER BY ordinal_position")).containsExactly(List.of("store", "VARCHAR"),
                List.of("amount", "DOUBLE"), List.of("items", "BIGINT"), List.of("_lisiere_seq", "BIGINT"),
                List.of("_lisiere_arrived", "TIMESTAMP WITH TIME ZONE"));
        assertThat(fleet.rows("SELECT site, status FROM lisiere.sites")).containsExactly(List.of("s1",
                "online"));
    }

    @Test
    void storesABatchOnceWhateverTheRetries() {
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", ""));
        String batch = "{\"store\": \"a\", \"amount\": 1.5, \"items\": 1}\n{\"store\": \"b\", \"amount\": 2.5,"
                + " \"items\": 2}\n{\"store\": \"a\", \"amount\": 4, \"items\": 3}\n";

        CoreAndEdges.Answer first = fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson", batch, key("b-1"));
        CoreAndEdges.Answer retry = fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson", batch, key("b-1"));
        CoreAndEdges.Answer csv = fleet.post(edge, "/v1/ingest/pos", "text/csv", "store,amount,items\nc,10,5\n",
                key("b-2"));

        assertThat(first.body()).isEqualTo("{\"rows\":3,\"duplicate\":false}");
        assertThat(retry.body()).isEqualTo("{\"rows\":3,\"duplicate\":true}");
        assertThat(csv.body()).isEqualTo("{\"rows\":1,\"duplicate\":false}");
        assertThat(CoreAndEdges.local(edge, "SELECT store, amount, items, _lisiere_seq FROM pos ORDER BY _lisiere_seq"))
                .containsExactly(List.of("a", "1.5", "1", "1"), List.of("b", "2.5", "2", "2"),
                        List.of("a", "4.0", "3", "3"), List.of("c", "10.0", "5", "4"));
    }

    @Test
    void aBadLineFailsItsWholeBatchNamingTheLine() {
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", ""));
        fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson", "{\"store\": \"a\", \"amount\": 1, \"items\": 1}\n",
                Map.of());

        CoreAndEdges.Answer bad = fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson",
                "{\"store\": \"b\", \"amount\": 2, \"items\": 2}\n{\"store\": \"c\", \"amount\": \"lots\", \"items\": 3}\n",
                key("k"));
        CoreAndEdges.Answer unknown = fleet.post(edge, "/v1/ingest/refunds", "application/x-ndjson", "{}\n", Map.of());
        CoreAndEdges.Answer badKey = fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson", "{}\n",
                key("two words"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).isEqualTo("The batch was not stored: batch:2: column 'amount':"
                + " 'lots' is not a DOUBLE");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asText()).isEqualTo("No site table 'refunds'; the site tables are:"
                + " pos");
        assertThat(badKey.json().path("detail").asText()).isEqualTo("Invalid Idempotency-Key 'two words': use 1 to"
                + " 200 printable ASCII characters without spaces");
        assertThat(CoreAndEdges.local(edge, "SELECT store FROM pos")).containsExactly(List.of("a"));
        CoreAndEdges.Answer fixed = fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson",
                "{\"store\": \"b\", \"amount\": 2, \"items\": 2}\n", key("k"));
        assertThat(fixed.body()).isEqualTo("{\"rows\":1,\"duplicate\":false}");
    }

    @Test
    void scoresEventsExactlyAsTheCoreAndSwapsVersions() {
        fleet.core("CREATE MODEL basket OPTIONS (model_type = 'linear_reg', input_label_cols = ['total']) AS"
                + " SELECT items, amount, items * 2.5 + amount * 0.1 + (items % 3) AS total FROM"
                + " (SELECT x AS items, (x * 7) % 11 AS amount FROM range(50) t(x))");
        fleet.core("DEPLOY MODEL basket TO SITES WHERE 'retail' IN labels");
        CoreAndEdges.Edge retail = fleet.enroll("s1", fleet.createSite("s1", "OPTIONS (labels = ['retail'])"));
        CoreAndEdges.Edge office = fleet.enroll("s2", fleet.createSite("s2", ""));
        String event = "{\"items\": 4, \"amount\": 3.5}";

        CoreAndEdges.Answer predicted = fleet.post(retail, "/v1/predict/basket", "application/json", event, Map.of());

        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        double atCore = ((Number) fleet.core("SELECT predicted_total FROM ML.PREDICT(MODEL basket, (SELECT 4 AS"
                + " items, 3.5 AS amount))").rows().get(0).get(0)).doubleValue();
        assertThat(predicted.json().path("predicted_total").asDouble()).isEqualTo(atCore);
        assertThat(fleet.post(office, "/v1/predict/basket", "application/json", event, Map.of()).json()
                .path("detail").asText()).isEqualTo("Model 'basket' is not deployed to this site; deployed here:"
                + " none");

        fleet.core("CREATE OR REPLACE MODEL basket OPTIONS (model_type = 'linear_reg', input_label_cols = ['total'])"
                + " AS SELECT items, amount, items * 10.0 AS total FROM (SELECT x AS items, x % 5 AS amount FROM"
                + " range(20) t(x))");
        fleet.core("DEPLOY MODEL basket TO SITE s1");
        retail.agent().heartbeat();
        assertThat(fleet.post(retail, "/v1/predict/basket", "application/json", event, Map.of()).json()
                .path("predicted_total").asDouble()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));

        fleet.core("DEPLOY MODEL basket VERSION 1 TO SITE s1");
        retail.agent().heartbeat();
        assertThat(fleet.post(retail, "/v1/predict/basket", "application/json", event, Map.of()).json()
                .path("predicted_total").asDouble()).isEqualTo(atCore);
        assertThat(fleet.rows("SELECT site, deployed FROM lisiere.sites ORDER BY site"))
                .containsExactly(List.of("s1", "basket v2"), List.of("s2", ""));
    }

    @Test
    void aNewVersionIsSwappedInWithoutFailingAPrediction() throws Exception {
        fleet.core("CREATE MODEL basket OPTIONS (model_type = 'linear_reg', input_label_cols = ['total']) AS"
                + " SELECT items, items * 2.0 AS total FROM (SELECT x AS items FROM range(20) t(x))");
        fleet.core("DEPLOY MODEL basket TO SITES");
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", ""));
        fleet.core("CREATE OR REPLACE MODEL basket OPTIONS (model_type = 'linear_reg', input_label_cols = ['total'])"
                + " AS SELECT items, items * 3.0 AS total FROM (SELECT x AS items FROM range(20) t(x))");
        java.util.concurrent.ConcurrentLinkedQueue<String> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean swapped = new java.util.concurrent.atomic.AtomicBoolean();
        Thread predicting = new Thread(() -> {
            // goes on until the new version answered, so that requests run before, during and after the swap
            while (answers.size() < 20_000 && !(swapped.get() && answers.contains("200 12.000000"))) {
                CoreAndEdges.Answer answer = fleet.post(edge, "/v1/predict/basket", "application/json",
                        "{\"items\": 4}", Map.of());
                answers.add(answer.status() + String.format(java.util.Locale.ROOT, " %.6f", answer.json()
                        .path("predicted_total").asDouble()));
            }
        });
        predicting.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (answers.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the first answer comes from version 1
        }

        fleet.core("DEPLOY MODEL basket VERSION 2 TO SITES");
        edge.agent().heartbeat();
        swapped.set(true);
        predicting.join(60_000);

        assertThat(answers).isNotEmpty().allSatisfy(a -> assertThat(a).isIn("200 8.000000", "200 12.000000"));
        assertThat(answers).contains("200 8.000000", "200 12.000000");
    }

    @Test
    void modelsWithoutAJavaScorerAnswerThroughTheCompiledMlPredict() {
        // a TRANSFORM keeps the model on the SQL path: ML.PREDICT compiled once, then run with each event's values
        fleet.core("CREATE MODEL basket TRANSFORM (items * 2 AS doubled, amount, total) OPTIONS (model_type ="
                + " 'linear_reg', input_label_cols = ['total']) AS SELECT items, amount, items * 5.0 + amount AS total"
                + " FROM (SELECT x AS items, (x * 7) % 11 AS amount FROM range(50) t(x))");
        fleet.core("DEPLOY MODEL basket TO SITES");
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", ""));

        for (String event : List.of("{\"items\": 4, \"amount\": 3.5}", "{\"items\": 7, \"amount\": 1.25}",
                "{\"items\": 4, \"amount\": null}")) {
            CoreAndEdges.Answer predicted = fleet.post(edge, "/v1/predict/basket", "application/json", event,
                    Map.of());
            String values = event.replaceAll("[{}\"]", "").replaceAll("(\\w+): ([^,]+)", "$2 AS $1");
            Object atCore = fleet.core("SELECT predicted_total FROM ML.PREDICT(MODEL basket, (SELECT " + values
                    + "))").rows().get(0).get(0);
            assertThat(predicted.json().path("predicted_total").isNull() ? null
                    : predicted.json().path("predicted_total").asDouble()).as(event).isEqualTo(atCore);
        }
    }

    @Test
    void beyondLoopbackIngestAndPredictNeedTheIngestToken() throws Exception {
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", ""));
        String token = edge.agent().ingestToken(false).orElseThrow();
        assertThat(edge.agent().ingestToken(false)).isEmpty();
        try (EdgeServer exposed = new EdgeServer(edge.agent())) {
            int port = exposed.start("0.0.0.0", 0);
            CoreAndEdges.Edge viaAllInterfaces = new CoreAndEdges.Edge(edge.agent(), exposed,
                    java.net.URI.create("http://127.0.0.1:" + port));
            String row = "{\"store\": \"a\", \"amount\": 1, \"items\": 1}\n";

            CoreAndEdges.Answer refused = fleet.post(viaAllInterfaces, "/v1/ingest/pos", "application/x-ndjson", row,
                    Map.of());
            CoreAndEdges.Answer accepted = fleet.post(viaAllInterfaces, "/v1/ingest/pos", "application/x-ndjson", row,
                    Map.of("Authorization", "Bearer " + token));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().path("detail").asText()).isEqualTo("This edge listens beyond loopback: ingest"
                    + " and predict need 'Authorization: Bearer <ingest token>' (bin/lisiere edge --new-ingest-token"
                    + " makes one)");
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(fleet.post(edge, "/v1/ingest/pos", "application/x-ndjson", row, Map.of()).status())
                    .as("loopback needs no token").isEqualTo(200);
        }
    }

    @Test
    void resumesWithoutTheCoreAndRefusesASecondEnrollment() {
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", ""));
        fleet.stop(edge);
        fleet.stopCore();

        CoreAndEdges.Edge resumed = fleet.resume("s1");

        assertThat(resumed.agent().online()).isFalse();
        assertThat(fleet.post(resumed, "/v1/ingest/pos", "application/x-ndjson",
                "{\"store\": \"a\", \"amount\": 1, \"items\": 1}\n", Map.of()).status()).isEqualTo(200);
        assertThat(fleet.get(resumed, "/healthz").json().path("core").asText()).isEqualTo("offline");
        fleet.restartCore();
        assertThat(resumed.agent().heartbeat()).isTrue();
        fleet.stop(resumed);
        assertThatThrownBy(() -> fleet.enroll("s1", "lse_whatever"))
                .isInstanceOf(LisiereException.class)
                .hasMessage(root.resolve("s1") + " already holds site 's1' of project 'shop'; start without --enroll"
                        + " to resume it, or use another --data directory");
    }
}
