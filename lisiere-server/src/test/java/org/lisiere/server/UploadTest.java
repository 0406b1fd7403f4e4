package org.lisiere.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads over the API: tables replaced atomically, files kept for LOAD DATA, limits. */
class UploadTest extends ServerTest {
    private String writer;

    @BeforeEach
    void createProject() {
        writer = server.project("shop", "writer");
    }

    @Test
    void putReplacesATablesRowsFromCsvOrNdjson() {
        ServerFixture.Answer first = server.put("/v1/projects/shop/tables/sales", writer, "text/csv",
                "store,amount\nlyon,12.5\nparis,3\n".getBytes(UTF_8));
        ServerFixture.Answer second = server.put("/v1/projects/shop/tables/sales", writer, "application/x-ndjson",
                "{\"store\": \"nice\", \"amount\": 7}\n".getBytes(UTF_8));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("rows_loaded").asLong()).isEqualTo(2);
        assertThat(first.json().path("summary").asText()).isEqualTo("Loaded 2 rows into sales (table created)");
        assertThat(second.json().path("rows_loaded").asLong()).isEqualTo(1);
        assertThat(server.query("shop", writer, "SELECT store, amount FROM sales").json().path("rows").toString())
                .isEqualTo("[[\"nice\",7.0]]");
        assertThat(uploads()).isEmpty();
    }

    @Test
    void aBadUploadLeavesTheTableAsItWas() {
        server.put("/v1/projects/shop/tables/sales", writer, "text/csv", "store,amount\nlyon,12.5\n".getBytes(UTF_8));

        ServerFixture.Answer bad = server.put("/v1/projects/shop/tables/sales", writer, "application/x-ndjson",
                "{\"store\": \"nice\", \"amount\": 7}\n{\"store\": \n".getBytes(UTF_8));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("code").asText()).isEqualTo("MALFORMED_INPUT");
        assertThat(server.query("shop", writer, "SELECT store FROM sales").json().path("rows").toString())
                .isEqualTo("[[\"lyon\"]]");
        assertThat(uploads()).isEmpty();
    }

    @Test
    void uploadedFilesAreLoadedByName() {
        assertThat(server.put("/v1/projects/shop/files/points.csv", writer, "text/csv", "x\n1\n2\n".getBytes(UTF_8))
                .status()).isEqualTo(201);

        assertThat(server.query("shop", writer, "LOAD DATA INTO points FROM 'points.csv'; SELECT sum(x) FROM points")
                .json().path("rows").toString()).isEqualTo("[[3]]");
        assertThat(server.put("/v1/projects/shop/files/..%2Fescape.csv", writer, "text/csv", new byte[1]).status())
                .isBetween(400, 404);
        assertThat(data.resolve("projects/shop/escape.csv")).doesNotExist();
    }

    @Test
    void refusesReadersTooLargeBodiesAndUnknownFormats() {
        String reader = server.token("shop", "reader");

        assertThat(server.put("/v1/projects/shop/tables/t", reader, "text/csv", "x\n1\n".getBytes(UTF_8)).status())
                .isEqualTo(403);
        assertThat(server.put("/v1/projects/shop/tables/t", writer, "text/plain", "x\n1\n".getBytes(UTF_8)).json()
                .path("detail").asText()).isEqualTo("Cannot tell the format of the upload from Content-Type"
                        + " 'text/plain'; send text/csv, application/x-ndjson, application/json or"
                        + " application/vnd.apache.parquet, or add ?format= with one of 'csv', 'parquet', 'json',"
                        + " 'ndjson'");
        ServerFixture.Answer tooLarge = server.put("/v1/projects/shop/tables/t", writer, "text/csv",
                ("x\n" + "1\n".repeat(600_000)).getBytes(UTF_8));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(server.query("shop", writer, "SELECT count(*) FROM information_schema.tables").json()
                .path("rows").toString()).isEqualTo("[[0]]");
        assertThat(uploads()).isEmpty();
    }

    @Test
    void modelsAreListedAndDescribed() {
        server.put("/v1/projects/shop/tables/points", writer, "text/csv", "x,y\n1,3\n2,5\n3,7\n4,9\n".getBytes(UTF_8));
        server.query("shop", writer, "CREATE MODEL line OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'])"
                + " AS SELECT x, y FROM points");

        ServerFixture.Answer models = server.get("/v1/projects/shop/models", writer);
        ServerFixture.Answer line = server.get("/v1/projects/shop/models/line", writer);

        assertThat(models.json().path("models").get(0).path("name").asText()).isEqualTo("line");
        assertThat(models.json().path("models").get(0).path("active_version").asLong()).isEqualTo(1);
        assertThat(line.json().path("rows").toString()).contains("{\"section\":\"option\",\"name\":\"model_type\","
                + "\"value\":\"linear_reg\"}");
        assertThat(server.get("/v1/projects/shop/models/missing", writer).status()).isEqualTo(404);
    }

    private java.util.List<Path> uploads() {
        try (Stream<Path> files = Files.list(data.resolve("projects/shop/uploads"))) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
