package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.config.ConfigLoader;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Batch;

/**
 * {@code kill -9} of a real {@code lisiere} process at random moments of a load: the table is always either as
 * before or fully loaded, and the data directory opens cleanly afterwards.
 */
class KillDuringLoadTest {
    private static final int ROWS = 2_000_000;
    private static final int KILLS = 6;

    @TempDir
    Path directory;

    @Test
    void killedLoadLeavesTheTableAsBeforeOrFullyLoaded() throws Exception {
        Path csv = writeCsv(directory.resolve("events.csv"));
        Path data = directory.resolve("data");
        long started = System.nanoTime();
        assertThat(runLoad(data, csv).waitFor()).isZero();
        long fullLoadMillis = (System.nanoTime() - started) / 1_000_000;
        long loads = 1;
        assertThat(rowCount(data)).isEqualTo(ROWS);

        SplittableRandom random = new SplittableRandom(42);
        List<Long> killedAfterMillis = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            long delay = random.nextLong(fullLoadMillis + 1);
            Process child = runLoad(data, csv);
            boolean finished = child.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!finished) {
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cleanup
                child.waitFor();
                killedAfterMillis.add(delay);
            }
            long count = rowCount(data);
            assertThat(count).as("rows after a load killed at %d ms", delay)
                    .isIn((long) ROWS * loads, (long) ROWS * (loads + 1));
            loads = count / ROWS;
            assertThat(single(data, "SELECT sum(row_number) FROM events"))
                    .as("every row of every committed load, none of a killed one")
                    .isEqualTo(loads * ((long) ROWS * (ROWS - 1) / 2));
        }
        assertThat(killedAfterMillis).as("at least some loads were really interrupted").isNotEmpty();
    }

    /** Starts {@code lisiere sql -c "LOAD DATA ..."} in a child JVM with the test's class path. */
    private static Process runLoad(Path data, Path csv) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sql", "--data", data.toString(), "--threads", "2",
                "--memory-limit", "1GB",
                "-c", "LOAD DATA INTO events FROM '" + csv + "'");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static long rowCount(Path data) {
        return single(data, "SELECT count(*) FROM events");
    }

    private static long single(Path data, String sql) {
        var config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", data.toString(), "threads", "2",
                "memory_limit", "1GB"));
        try (Lisiere lisiere = Lisiere.open(config); LisiereSession session = lisiere.openSession();
                StatementResult result = session.execute(ScriptStatement.single(sql))) {
            Batch batch = result.result().nextBatch().orElseThrow();
            return ((Number) batch.column(0).get(0)).longValue();
        }
    }

    private static Path writeCsv(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write("row_number,note\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < ROWS; i++) {
                out.write((i + ",row " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return file;
    }
}
