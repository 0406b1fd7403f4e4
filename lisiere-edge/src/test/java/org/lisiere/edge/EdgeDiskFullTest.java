package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's disk fills up: ingest answers 507 without storing half a batch, and resumes once space returns (the
 * site's data directory is a small tmpfs that the test grows; mounting needs root, as in CI).
 */
class EdgeDiskFullTest {
    @TempDir
    Path root;

    private static final long BATCH = 2_000;

    private CoreAndEdges fleet;
    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = root.resolve("site");
        Files.createDirectories(disk);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", disk.toString()) == 0,
                "mounting a small tmpfs needs root (CI runs as root)");
        fleet = new CoreAndEdges(root);
        fleet.core("CREATE SITE TABLE events (id BIGINT, payload VARCHAR) OPTIONS (residency = 'open')");
        fleet.core("CREATE SYNC events_up FROM SITES EVERY '1 minute' AS SELECT id FROM events WHERE id > LAST");
    }

    @AfterEach
    void unmount() throws Exception {
        if (fleet != null) {
            fleet.close();
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void aFullDiskRefusesBatchesWholeAndIngestResumesWhenSpaceReturns() throws Exception {
        CoreAndEdges.Edge edge = fleet.enroll("site", fleet.createSite("site", ""));
        long next = 1;
        List<Long> refused = new ArrayList<>();
        while (refused.size() < 3) {
            CoreAndEdges.Answer answer = ingest(edge, next);
            if (answer.status() != 200) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(507);
                assertThat(answer.json().path("detail").asText()).startsWith("The site's disk is full (")
                        .contains("No space left on device").endsWith("The batch is stored whole or not at all: send"
                                + " it again with the same Idempotency-Key once there is space, and it is stored once");
                refused.add(next);
            }
            next += BATCH;
            assertThat(next).as("the disk never filled").isLessThan(1_000_000);
        }

        assertThat(run("mount", "-o", "remount,size=256m", disk.toString())).isZero();
        for (long first : refused) {
            assertThat(ingest(edge, first).status()).as("batch %d sent again", first).isEqualTo(200);
        }
        assertThat(ingest(edge, next).status()).isEqualTo(200);
        assertThat(edge.agent().syncNow()).isTrue();

        long sent = next + BATCH - 1;
        assertThat(fleet.rows("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM events_up"))
                .containsExactly(List.of(Long.toString(sent), Long.toString(sent), "1", Long.toString(sent)));
    }

    /** Sends ids [first, first + BATCH) with key {@code b<first>}. */
    private CoreAndEdges.Answer ingest(CoreAndEdges.Edge edge, long first) {
        String body = LongStream.range(first, first + BATCH).mapToObj(id -> "{\"id\": " + id + ", \"payload\": \""
                + "x".repeat(200) + id + "\"}").collect(Collectors.joining("\n", "", "\n"));
        return fleet.post(edge, "/v1/ingest/events", "application/x-ndjson", body, Map.of("Idempotency-Key",
                "b" + first));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        if (process.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ": " + output);
        }
        return process.exitValue();
    }
}
