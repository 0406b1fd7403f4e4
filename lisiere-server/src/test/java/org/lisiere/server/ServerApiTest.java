package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The HTTP API of lisiere serve, over a real server and a real engine. */
class ServerApiTest extends ServerTest {
    @Test
    void answersHealthChecksWithoutAToken() {
        assertThat(server.get("/healthz", null).status()).isEqualTo(200);
        assertThat(server.get("/readyz", null).body()).isEqualTo("{\"status\":\"ready\"}");
    }

    @Test
    void writerCreatesDataThatAReaderQueries() {
        String writer = server.project("shop", "writer");
        String reader = server.token("shop", "reader");

        assertThat(server.query("shop", writer, "CREATE TABLE sales (store VARCHAR, amount DOUBLE);"
                + " INSERT INTO sales VALUES ('lyon', 12.5), ('paris', NULL)").json().path("summary").asText())
                .isEqualTo("2 rows changed");
        ServerFixture.Answer answer = server.query("shop", reader, "SELECT store, amount, amount > 10 AS big FROM"
                + " sales ORDER BY store");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"columns\":[{\"name\":\"store\",\"type\":\"VARCHAR\"},"
                + "{\"name\":\"amount\",\"type\":\"DOUBLE\"},{\"name\":\"big\",\"type\":\"BOOLEAN\"}],"
                + "\"rows\":[[\"lyon\",12.5,true],[\"paris\",null,null]]}");
        assertThat(server.get("/v1/projects/shop/tables", reader).body()).isEqualTo("{\"tables\":[{\"name\":"
                + "\"sales\",\"columns\":[{\"name\":\"store\",\"type\":\"VARCHAR\"},{\"name\":\"amount\",\"type\":"
                + "\"DOUBLE\"}]}]}");
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheEndpoints() {
        com.fasterxml.jackson.databind.JsonNode document = server.get("/v1/openapi.json", null).json();
        java.util.List<String> described = new java.util.ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));

        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(described).containsExactlyInAnyOrderElementsOf(server.routes());
    }

    @Test
    void exposesPrometheusMetricsByRouteTemplate() {
        String writer = server.project("shop", "writer");
        server.query("shop", writer, "SELECT * FROM range(3)");
        server.query("shop", writer, "SELECT * FROM missing");

        ServerFixture.Answer metrics = server.get("/metrics", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains(
                "lisiere_http_requests_total{method=\"POST\",route=\"/v1/projects/{project}/query\",status=\"200\"} 1\n",
                "lisiere_http_requests_total{method=\"POST\",route=\"/v1/projects/{project}/query\",status=\"404\"} 1\n",
                "lisiere_http_request_duration_seconds_count{method=\"POST\",route=\"/v1/projects/{project}/query\"} 2\n",
                "lisiere_rows_returned_total 3\n",
                "# TYPE lisiere_model_training_duration_seconds histogram\n",
                "jvm_memory_used_bytes{area=\"heap\"} ");
        assertThat(metrics.body()).doesNotContain("shop");
    }

    @Test
    void answersInCsvWhenAsked() {
        String writer = server.project("shop", "writer");

        ServerFixture.Answer csv = server.post("/v1/projects/shop/query?format=csv", writer,
                "{\"sql\": \"SELECT 'a,b' AS s, NULL AS n, 1.5 AS x\"}");

        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("s,n,x\n\"a,b\",,1.5\n");
    }

    @Test
    void everyProjectEngineRunsWithinTheServersMemoryAndThreadLimits() {
        String reader = server.project("shop", "reader");

        assertThat(server.query("shop", reader, "SELECT current_setting('memory_limit'), current_setting('threads')")
                .json().path("rows").toString()).isEqualTo("[[\"1.0 GiB\",2]]");
        assertThat(server.query("shop", reader, "SET threads = 8").status()).isEqualTo(403);
    }

    @Test
    void bindsParametersAsValuesNeverAsSql() {
        String writer = server.project("shop", "writer");
        server.query("shop", writer, "CREATE TABLE users (name VARCHAR, secret VARCHAR);"
                + " INSERT INTO users VALUES ('ann', 's1'), ('bob', 's2')");
        String injection = "x' OR '1'='1";

        ServerFixture.Answer answer = server.post("/v1/projects/shop/query", writer, "{\"sql\": \"SELECT name FROM"
                + " users WHERE name = ? OR secret = $2\", \"params\": [\"" + injection + "\", null]}");
        ServerFixture.Answer typed = server.post("/v1/projects/shop/query", writer, "{\"sql\": \"SELECT ? + 1,"
                + " ? * 2, ?, ?\", \"params\": [41, 1.25, true, \"ann\"]}");

        assertThat(answer.json().path("rows").toString()).isEqualTo("[]");
        assertThat(typed.json().path("rows").toString()).isEqualTo("[[42,2.5,true,\"ann\"]]");
        assertThat(server.post("/v1/projects/shop/query", writer, "{\"sql\": \"SELECT ?\", \"params\": [[1]]}")
                .json().path("detail").asText()).isEqualTo("\"params\"[0] is array; allowed: null, boolean,"
                        + " number, string");
        assertThat(server.post("/v1/projects/shop/query", writer, "{\"sql\": \"SELECT ?; SELECT 2\", \"params\":"
                + " [1]}").json().path("detail").asText()).isEqualTo("\"params\" needs \"sql\" to hold one"
                        + " statement, not 2");
        assertThat(server.post("/v1/projects/shop/query", writer, "{\"sql\": \"SELECT ?, ?\", \"params\": [1]}")
                .json().path("detail").asText()).isEqualTo("The statement has 2 parameters but 1 value was given");
    }

    @Test
    void trainsAndScoresAModelOverTheApi() {
        String writer = server.project("ml", "writer");
        server.query("ml", writer, "CREATE TABLE points AS SELECT i AS x, 2 * i + 1 AS y FROM range(50) t(i)");

        assertThat(server.query("ml", writer, "CREATE MODEL line OPTIONS (model_type = 'linear_reg',"
                + " input_label_cols = ['y']) AS SELECT x, y FROM points").json().path("summary").asText())
                .startsWith("Created model line version 1 (linear_reg, ");
        assertThat(server.query("ml", server.token("ml", "reader"), "SELECT round(predicted_y, 6) FROM"
                + " ML.PREDICT(MODEL line, (SELECT 100 AS x))").json().path("rows").toString())
                .isEqualTo("[[201.0]]");
    }

    @Test
    void errorsAreProblemDocumentsWithTheStableCode() {
        String writer = server.project("shop", "writer");

        ServerFixture.Answer answer = server.query("shop", writer, "SELECT * FROM missing");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asText()).isEqualTo("UNKNOWN_OBJECT");
        assertThat(answer.json().path("code_number").asInt()).isEqualTo(1002);
        assertThat(answer.json().path("detail").asText()).startsWith("Table with name missing does not exist!");
        assertThat(answer.json().path("retryable").asBoolean()).isFalse();
        assertThat(server.get("/v1/nothing", writer).json().path("detail").asText())
                .isEqualTo("No such endpoint: GET /v1/nothing");
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws IOException {
        String writer = server.project("shop", "writer");
        server.query("shop", writer, "CREATE TABLE t AS SELECT 1 AS x");

        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain(writer).doesNotContain(server.adminToken);
            }
        }
        assertThat(writer).startsWith("lsr_").hasSize(4 + 43);
    }
}
