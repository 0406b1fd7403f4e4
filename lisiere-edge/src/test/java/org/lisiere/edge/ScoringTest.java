package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every arriving row is scored at the site; rows meeting the alert condition reach the webhook, retried. */
class ScoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private CoreAndEdges fleet;
    private HttpServer webhook;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        fleet = new CoreAndEdges(root);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // the first call fails, as a webhook that is briefly down
            int status = calls.incrementAndGet() == 1 ? 503 : 200;
            if (status == 200) {
                received.add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void stop() {
        webhook.stop(0);
        fleet.close();
    }

    @Test
    void scoresEveryArrivingRowAndAlertsUntilTheWebhookTakesIt() {
        fleet.core("CREATE MODEL fraud OPTIONS (model_type = 'logistic_reg', input_label_cols = ['fraud']) AS SELECT"
                + " amount, amount > 50 AS fraud FROM (SELECT (x * 37) % 100 + 0.5 AS amount FROM range(200) t(x))");
        fleet.core("DEPLOY MODEL fraud TO SITES");
        fleet.core("CREATE SITE TABLE pos (store VARCHAR, amount DOUBLE)");
        fleet.core("CREATE SCORING fraud_live ON pos USING MODEL fraud WHEN predicted_fraud AND amount > 0 ALERT"
                + " 'http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook'");
        fleet.core("CREATE SYNC flagged FROM SITES EVERY '1 minute' AS SELECT count(*) AS n FROM fraud_live WHERE"
                + " predicted_fraud");
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""));

        fleet.post(paris, "/v1/ingest/pos", "application/x-ndjson", "{\"store\": \"a\", \"amount\": 10}\n"
                + "{\"store\": \"a\", \"amount\": 90}\n{\"store\": \"b\", \"amount\": 95}\n", Map.of());

        assertThat(CoreAndEdges.local(paris, "SELECT store, amount, predicted_fraud FROM fraud_live ORDER BY _lisiere_seq"))
                .containsExactly(List.of("a", "10.0", "false"), List.of("a", "90.0", "true"),
                        List.of("b", "95.0", "true"));
        assertThat(paris.agent().deliverAlerts()).isEqualTo(1);
        assertThat(paris.agent().deliverAlerts()).isZero();
        fleet.clock.advance(Duration.ofSeconds(1));
        assertThat(paris.agent().deliverAlerts()).isEqualTo(1);
        assertThat(received).extracting(a -> a.path("store").asText() + " " + a.path("amount").asDouble() + " "
                + a.path("predicted_fraud").asBoolean()).containsExactlyInAnyOrder("a 90.0 true", "b 95.0 true");
        paris.agent().syncNow();
        assertThat(fleet.rows("SELECT site, n FROM flagged")).containsExactly(List.of("paris", "2"));
    }

    @Test
    void rowsWaitForTheirModelAndAreScoredOnceItIsDeployed() {
        fleet.core("CREATE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols = ['y']) AS SELECT x, 2 * x"
                + " AS y FROM range(10) t(x)");
        fleet.core("CREATE SITE TABLE points (x BIGINT)");
        fleet.core("CREATE SCORING doubled ON points USING MODEL m");
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""));
        fleet.post(paris, "/v1/ingest/points", "application/x-ndjson", "{\"x\": 4}\n", Map.of());
        assertThat(CoreAndEdges.local(paris, "SELECT count(*) FROM doubled")).containsExactly(List.of("0"));

        fleet.core("DEPLOY MODEL m TO SITE paris");
        paris.agent().heartbeat();
        paris.agent().scoreNew();

        assertThat(CoreAndEdges.local(paris, "SELECT x, round(predicted_y, 6) FROM doubled"))
                .containsExactly(List.of("4", "8.0"));
    }

    @Test
    void treeModelsScoreTheFirstBatchAtOnce() {
        fleet.core("CREATE MODEL risky OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['risky'],"
                + " max_iterations = 5) AS SELECT x::DOUBLE AS amount, x > 50 AS risky FROM range(100) t(x)");
        fleet.core("DEPLOY MODEL risky TO SITES");
        fleet.core("CREATE SITE TABLE pos (store VARCHAR, amount DOUBLE)");
        fleet.core("CREATE SCORING risky_live ON pos USING MODEL risky");
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""));

        fleet.post(paris, "/v1/ingest/pos", "application/x-ndjson", "{\"store\": \"a\", \"amount\": 10}\n"
                + "{\"store\": \"a\", \"amount\": 90}\n", Map.of());

        assertThat(CoreAndEdges.local(paris, "SELECT amount, predicted_risky FROM risky_live ORDER BY _lisiere_seq"))
                .containsExactly(List.of("10.0", "false"), List.of("90.0", "true"));
    }
}
