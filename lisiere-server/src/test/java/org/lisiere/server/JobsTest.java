package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Long statements as jobs: started at once, polled, cancelled. */
class JobsTest extends ServerTest {
    private String writer;

    @BeforeEach
    void createProject() {
        writer = server.project("shop", "writer");
    }

    @Test
    void aJobRunsInTheBackgroundAndKeepsItsResult() {
        ServerFixture.Answer started = server.post("/v1/projects/shop/jobs", writer, "{\"sql\": \"CREATE TABLE t AS"
                + " SELECT range AS x FROM range(20000); SELECT sum(x) AS total FROM t\"}");

        assertThat(started.status()).isEqualTo(202);
        JsonNode done = awaitEnd(started.json().path("id").asText());
        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(done.path("result").path("rows").toString()).isEqualTo("[[199990000]]");
        assertThat(server.get("/v1/projects/shop/jobs/" + done.path("id").asText(), server.token("shop", "reader"))
                .status()).isEqualTo(200);
    }

    @Test
    void aCancelledJobStopsAndSaysSo() {
        String id = server.post("/v1/projects/shop/jobs", writer, "{\"sql\": \"SELECT count(*) FROM range(1000000000000)"
                + " a\"}").json().path("id").asText();

        assertThat(server.delete("/v1/projects/shop/jobs/" + id, writer).status()).isEqualTo(202);

        JsonNode done = awaitEnd(id);
        assertThat(done.path("state").asText()).isEqualTo("cancelled");
        assertThat(done.path("error").path("code").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void jobsAreCheckedBeforeTheyStartAndSeenOnlyInTheirProject() {
        String other = server.project("other", "writer");

        assertThat(server.post("/v1/projects/shop/jobs", writer, "{\"sql\": \"INSTALL httpfs\"}").status())
                .isEqualTo(403);
        String id = server.post("/v1/projects/shop/jobs", writer, "{\"sql\": \"SELECT 1\"}").json().path("id").asText();
        assertThat(server.get("/v1/projects/other/jobs/" + id, other).status()).isEqualTo(404);
        assertThat(server.get("/v1/projects/shop/jobs/" + id, other).status()).isEqualTo(403);
        JsonNode failed = awaitEnd(server.post("/v1/projects/shop/jobs", writer, "{\"sql\": \"SELECT * FROM nope\"}")
                .json().path("id").asText());
        assertThat(failed.path("state").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asText()).isEqualTo("UNKNOWN_OBJECT");
        awaitEnd(id);
    }

    @Test
    void aStatementLongerThanTheProjectsTimeoutIsStopped() {
        assertThat(server.post("/v1/projects/shop/settings", writer, "{}").status()).isEqualTo(404);
        assertThat(server.put("/v1/projects/shop/settings", writer, "application/json",
                "{\"statement_timeout\": \"200ms\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).status())
                .isEqualTo(403);
        assertThat(server.put("/v1/projects/shop/settings", server.adminToken, "application/json",
                "{\"statement_timeout\": \"200ms\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).status())
                .isEqualTo(200);

        ServerFixture.Answer answer = server.query("shop", writer, "SELECT count(*) FROM range(1000000000000) a");

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.json().path("code").asText()).isEqualTo("STATEMENT_TIMEOUT");
        assertThat(answer.json().path("detail").asText()).isEqualTo("The statement ran longer than the project's"
                + " statement_timeout of 200ms and was stopped; run it as a job (POST …/jobs) or ask an admin for a"
                + " longer limit");
        assertThat(data.resolve("projects/shop/settings.json")).content().isEqualTo("{\"statement_timeout_ms\":200}");
        // A longer limit again (200 ms can run out even for SELECT 1 on a busy machine): the project still works.
        server.put("/v1/projects/shop/settings", server.adminToken, "application/json",
                "{\"statement_timeout\": \"1h\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(server.query("shop", writer, "SELECT 1").status()).isEqualTo(200);
    }

    /** Polls the job until it leaves the running state (bounded: a job that never ends fails the test). */
    private JsonNode awaitEnd(String id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode job = server.get("/v1/projects/shop/jobs/" + id, writer).json();
            if (!job.path("state").asText().equals("running") || Instant.now().isAfter(deadline)) {
                return job;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
