package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attempts to break out of the SQL sandbox over the network: each fails cleanly with a 4xx problem and leaves no
 * trace (the project's tables are unchanged, no file appears).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxSecurityTest {
    @TempDir
    static Path data;

    private ServerFixture server;
    private String writer;
    private String otherWriter;

    @BeforeAll
    void start() throws IOException {
        server = new ServerFixture(data);
        writer = server.project("alpha", "writer");
        otherWriter = server.project("beta", "writer");
        server.query("alpha", writer, "CREATE TABLE t AS SELECT 1 AS x");
        server.query("beta", otherWriter, "CREATE TABLE secret AS SELECT 'beta only' AS s");
        Files.writeString(data.resolve("outside.csv"), "a\n1\n");
        Files.createDirectories(data.resolve("outside"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT * FROM read_csv('/etc/passwd')                          | 403 | PERMISSION_DENIED
            SELECT * FROM read_text('/etc/hostname')                       | 403 | PERMISSION_DENIED
            SELECT * FROM read_blob('/etc/hostname')                       | 403 | PERMISSION_DENIED
            SELECT * FROM sniff_csv('/etc/passwd')                         | 403 | PERMISSION_DENIED
            SELECT * FROM glob('/*')                                       | 403 | PERMISSION_DENIED
            SELECT * FROM '/etc/passwd'                                    | 404 | UNKNOWN_OBJECT
            SELECT * FROM '/etc/data.csv'                                  | 403 | PERMISSION_DENIED
            SELECT * FROM read_parquet('../../*/*.parquet')                | 403 | PERMISSION_DENIED
            SELECT * FROM read_csv('../../outside.csv')                    | 403 | PERMISSION_DENIED
            COPY t TO '{outside}/escape.csv'                               | 403 | PERMISSION_DENIED
            COPY t TO 'escape.csv'                                         | 403 | PERMISSION_DENIED
            COPY t FROM '/etc/hostname'                                    | 403 | PERMISSION_DENIED
            EXPORT DATABASE '{outside}/export'                             | 403 | PERMISSION_DENIED
            IMPORT DATABASE '{outside}/export'                             | 403 | PERMISSION_DENIED
            ATTACH '{outside}/other.duckdb' AS other                       | 403 | PERMISSION_DENIED
            DETACH alpha                                                   | 403 | PERMISSION_DENIED
            USE memory                                                     | 403 | PERMISSION_DENIED
            INSTALL httpfs                                                 | 403 | PERMISSION_DENIED
            LOAD httpfs                                                    | 403 | PERMISSION_DENIED
            FORCE INSTALL httpfs                                           | 403 | PERMISSION_DENIED
            SET enable_external_access = true                              | 403 | PERMISSION_DENIED
            SET allowed_directories = ['/']                                | 403 | PERMISSION_DENIED
            SET memory_limit = '100GB'                                     | 403 | PERMISSION_DENIED
            RESET threads                                                  | 403 | PERMISSION_DENIED
            PRAGMA threads = 64                                            | 403 | PERMISSION_DENIED
            EXPLAIN ANALYZE COPY t TO '{outside}/escape.csv'               | 403 | PERMISSION_DENIED
            SELECT getenv('HOME')                                          | 404 | UNKNOWN_OBJECT
            SELECT current_setting('lock_configuration') AS x; SET threads = 1 | 403 | PERMISSION_DENIED
            LOAD DATA INTO t FROM '/etc/passwd' OPTIONS (format = 'csv')   | 403 | PERMISSION_DENIED
            LOAD DATA INTO t FROM '../../outside.csv'                      | 403 | PERMISSION_DENIED
            CREATE MODEL m OPTIONS (model_type = 'xgboost', model_path = '/etc/passwd') | 403 | PERMISSION_DENIED
            SELECT * FROM beta.secret                                      | 404 | UNKNOWN_OBJECT
            SELECT * FROM read_csv('../../../beta/data/lisiere.duckdb')    | 403 | PERMISSION_DENIED
            """)
    void refusesEscapesFromTheSandbox(String sql, int status, String code) throws IOException {
        // {outside}: an absolute directory beside the projects, which SQL from the network must not reach.
        ServerFixture.Answer answer = server.query("alpha", writer, sql.replace("{outside}",
                data.resolve("outside").toAbsolutePath().toString()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asText()).isEqualTo(code);
        assertThat(server.query("alpha", writer, "SELECT table_name FROM information_schema.tables")
                .json().path("rows").toString()).isEqualTo("[[\"t\"]]");
        assertThat(data.resolve("outside")).isEmptyDirectory();
        try (Stream<Path> uploads = Files.list(data.resolve("projects/alpha/uploads"))) {
            assertThat(uploads).isEmpty();
        }
    }

    @Test
    void deniedStatementsExplainWhy() {
        assertThat(server.query("alpha", writer, "SET memory_limit = '100GB'").json().path("detail").asText())
                .isEqualTo("SET is not allowed over the network: it changes the engine's settings, which the server"
                        + " fixes");
        assertThat(server.query("alpha", writer, "COPY t TO 'x.csv'").json().path("detail").asText())
                .isEqualTo("COPY is not allowed over the network: it reads or writes files on the server; upload"
                        + " files to the project and load them with LOAD DATA");
    }

    @Test
    void aScriptWithADeniedStatementRunsNothing() {
        ServerFixture.Answer answer = server.query("alpha", writer, "CREATE TABLE u AS SELECT 2 AS y;"
                + " INSTALL httpfs");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().path("line").asInt()).isEqualTo(1);
        assertThat(answer.json().path("column").asInt()).isEqualTo(34);
        assertThat(server.query("alpha", writer, "SELECT count(*) FROM information_schema.tables WHERE"
                + " table_name = 'u'").json().path("rows").toString()).isEqualTo("[[0]]");
    }

    @Test
    void tokensReachOnlyTheirProjectAndRole() {
        String reader = server.token("alpha", "reader");

        assertThat(server.query("beta", writer, "SELECT * FROM secret").status()).isEqualTo(403);
        assertThat(server.query("alpha", reader, "DROP TABLE t").json().path("detail").asText())
                .isEqualTo("A reader token may only run queries and the ML functions; this statement changes data"
                        + " or models (it needs a writer token)");
        assertThat(server.query("alpha", reader, "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x").status())
                .isEqualTo(403);
        assertThat(server.query("alpha", reader, "SELECT count(*) FROM t").status()).isEqualTo(200);
        assertThat(server.query("alpha", null, "SELECT 1").status()).isEqualTo(401);
        assertThat(server.query("alpha", "lsr_forged", "SELECT 1").json().path("code").asText())
                .isEqualTo("UNAUTHENTICATED");
        assertThat(server.post("/v1/projects", writer, "{\"name\": \"gamma\"}").status()).isEqualTo(403);
        assertThat(server.post("/v1/tokens", writer, "{\"project\": \"alpha\", \"role\": \"admin\"}").status())
                .isEqualTo(403);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        ServerFixture.Answer created = server.post("/v1/tokens", server.adminToken,
                "{\"project\": \"alpha\", \"role\": \"reader\"}");
        String token = created.json().path("token").asText();
        assertThat(server.query("alpha", token, "SELECT 1").status()).isEqualTo(200);

        assertThat(server.delete("/v1/tokens/" + created.json().path("id").asText(), server.adminToken).status())
                .isEqualTo(204);

        assertThat(server.query("alpha", token, "SELECT 1").status()).isEqualTo(401);
    }

    @Test
    void refusesBadNamesAndBodies() {
        assertThat(server.post("/v1/projects", server.adminToken, "{\"name\": \"../etc\"}").json().path("detail")
                .asText()).isEqualTo("Invalid project name '../etc': use 1 to 63 lower-case letters, digits and"
                        + " underscores, starting with a letter");
        assertThat(server.query("..%2F..%2Fetc", writer, "SELECT 1").status()).isEqualTo(400);
        assertThat(server.post("/v1/projects/alpha/query", writer, "{\"sql\": ").json().path("code").asText())
                .isEqualTo("MALFORMED_INPUT");
        assertThat(server.post("/v1/projects/alpha/query", writer, "{\"sql\": 42}").json().path("detail").asText())
                .isEqualTo("The request needs \"sql\" as a string, not number");
        assertThat(server.post("/v1/projects/alpha/query", writer, "{\"sql\": \"" + "x".repeat(2 << 20) + "\"}")
                .status()).isEqualTo(413);
        assertThat(server.post("/v1/projects", server.adminToken, "{\"name\": \"alpha\"}").status()).isEqualTo(409);
        assertThat(data.resolve("projects")).isDirectoryNotContaining("glob:**/etc");
    }
}
