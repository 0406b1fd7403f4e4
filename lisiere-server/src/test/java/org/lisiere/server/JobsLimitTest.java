package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.EngineConfig;

/** The server keeps a bounded number of jobs, forgetting the oldest finished ones. */
class JobsLimitTest {
    @TempDir
    Path data;

    @Test
    void forgetsTheOldestFinishedJobsBeyondTheLimit() {
        Principal writer = new Principal("t_test", Optional.of("p"), Role.WRITER);
        try (Projects projects = new Projects(data, "duckdb", new EngineConfig(Optional.empty(), 1L << 30, 1,
                Map.of()), Duration.ZERO); Timeouts timeouts = new Timeouts();
                AuditLog audit = new AuditLog(data, java.time.InstantSource.system());
                Jobs jobs = new Jobs(1, 2, new StatementServices(new Metrics(), timeouts, audit, new Fleets(projects,
                        TokenStore.open(data, new java.security.SecureRandom(), java.time.InstantSource.system()),
                        java.time.InstantSource.system(), new java.security.SecureRandom())))) {
            projects.create("p");
            Projects.Project project = projects.get("p");
            String first = jobs.start(writer, project, "SELECT 1", List.of());
            awaitEnd(jobs, first);
            String second = jobs.start(writer, project, "SELECT 2", List.of());
            awaitEnd(jobs, second);

            String third = jobs.start(writer, project, "SELECT 3", List.of());

            assertThatThrownBy(() -> jobs.describe("p", first)).hasMessage("No job '" + first + "' in project 'p'");
            assertThat(jobs.describe("p", second).path("result").path("rows").toString()).isEqualTo("[[2]]");
            assertThat(awaitEnd(jobs, third)).isEqualTo("succeeded");
        }
    }

    private static String awaitEnd(Jobs jobs, String id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String state = jobs.describe("p", id).path("state").asText();
        while (state.equals("running") && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            state = jobs.describe("p", id).path("state").asText();
        }
        return state;
    }
}
