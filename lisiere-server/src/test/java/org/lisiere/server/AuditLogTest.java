package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every request that runs SQL or changes something lands in the append-only audit log. */
class AuditLogTest extends ServerTest {
    @Test
    void recordsWhoDidWhatWhereAndHowItEnded() throws IOException {
        String writer = server.project("shop", "writer");
        server.query("shop", writer, "CREATE TABLE t AS SELECT 1 AS x");
        server.query("shop", writer, "INSTALL httpfs");
        server.query("shop", "lsr_forged", "SELECT 1");

        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : server.get("/v1/audit?project=shop", server.adminToken).json().path("entries")) {
            entries.add(entry);
        }

        assertThat(entries).extracting(e -> e.path("action").asText() + " " + e.path("role").asText() + " "
                + e.path("status").asInt() + " " + e.path("outcome").asText() + " " + e.path("statement").asText())
                .containsExactly(
                        "POST /v1/projects admin 201 ok ",
                        "POST /v1/tokens admin 201 ok ",
                        "POST /v1/projects/shop/query writer 200 ok CREATE TABLE t AS SELECT 1 AS x",
                        "POST /v1/projects/shop/query writer 403 PERMISSION_DENIED INSTALL httpfs",
                        "POST /v1/projects/shop/query  401 UNAUTHENTICATED ");
        assertThat(entries.get(2).path("token_id").asText()).matches("t_[0-9a-f]{12}");
        String log = Files.readString(data.resolve("server/audit.ndjson"));
        assertThat(log).doesNotContain(writer).doesNotContain(server.adminToken);
        assertThat(server.get("/v1/audit", writer).status()).isEqualTo(403);
    }

    @Test
    void aReadIsInTheLogOnceItsAnswerArrives() throws IOException {
        String reader = server.project("shop", "reader");

        ServerFixture.Answer answer = server.query("shop", reader, "SELECT 42 AS answer");

        assertThat(answer.status()).isEqualTo(200);
        // not forced to disk before the answer (reads skip that wait), but written to the file already
        assertThat(Files.readString(data.resolve("server/audit.ndjson")).lines().reduce((a, b) -> b).orElseThrow())
                .contains("\"role\":\"reader\"", "\"statement\":\"SELECT 42 AS answer\"", "\"outcome\":\"ok\"");
    }

    @Test
    void adminsQueryTheAuditLogAsASystemTable() {
        String writer = server.project("shop", "writer");
        String projectAdmin = server.token("shop", "admin");
        server.query("shop", writer, "CREATE TABLE t AS SELECT 1 AS x");
        server.query("shop", writer, "SELECT * FROM 'it''s missing'");

        ServerFixture.Answer answer = server.query("shop", projectAdmin, "SELECT role, outcome, status, statement"
                + " FROM lisiere.audit_log WHERE action LIKE '%/query' ORDER BY time");
        ServerFixture.Answer counts = server.query("shop", projectAdmin, "SELECT count(*), typeof(any_value(time)),"
                + " min(duration_ms) >= 0 FROM lisiere.audit_log");

        assertThat(answer.json().path("rows").toString()).isEqualTo("[[\"writer\",\"ok\",200,\"CREATE TABLE t AS"
                + " SELECT 1 AS x\"],[\"writer\",\"UNKNOWN_OBJECT\",404,\"SELECT * FROM 'it''s missing'\"]]");
        assertThat(counts.json().path("rows").toString()).isEqualTo("[[6,\"TIMESTAMP WITH TIME ZONE\",true]]");
        assertThat(server.query("shop", writer, "SELECT * FROM lisiere.audit_log").json().path("detail").asText())
                .isEqualTo("lisiere.audit_log is for admins of project 'shop' or of the server; this is a writer"
                        + " token");
        assertThat(server.query("shop", projectAdmin, "SELECT * FROM lisiere.tokens").json().path("detail")
                .asText()).isEqualTo("No system table lisiere.tokens; the system tables are: lisiere.audit_log,"
                        + " lisiere.sites");
    }
}
