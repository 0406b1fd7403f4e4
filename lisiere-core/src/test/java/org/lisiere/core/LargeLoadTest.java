package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.EngineConfig;

/**
 * A file larger than the JVM heap and than the engine's memory limit, written by a streaming generator and loaded
 * without ever being held in memory.
 */
class LargeLoadTest {
    private static final long TARGET_BYTES = 2_200_000_000L;

    @TempDir
    Path directory;

    @Test
    void loadsAMultiGigabyteFileStreamedFromAGenerator() throws IOException {
        Path file = directory.resolve("events.csv");
        long[] rowsAndIdSum = generate(file);
        assertThat(Files.size(file)).isGreaterThan(Runtime.getRuntime().maxMemory());

        EngineConfig config = new EngineConfig(Optional.of(directory.resolve("data")), 1L << 30, 2, Map.of());
        try (Lisiere lisiere = Lisiere.of(Lisiere.factory("duckdb").open(config), directory);
                SqlRunner sql = new SqlRunner(lisiere.openSession())) {
            String summary = sql.summary("LOAD DATA INTO events FROM '" + file + "'");

            assertThat(summary).isEqualTo(String.format("Loaded %,d rows into events (table created)",
                    rowsAndIdSum[0]));
            assertThat(sql.rows("SELECT count(*), sum(id), count(DISTINCT store) FROM events"))
                    .containsExactly(List.of(Long.toString(rowsAndIdSum[0]), Long.toString(rowsAndIdSum[1]), "500"));
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Writes rows of about 200 bytes until the file passes the target size, straight as ASCII bytes; returns the
     * row count and the sum of the ids.
     */
    private static long[] generate(Path file) throws IOException {
        byte[] padding = "x".repeat(150).getBytes(StandardCharsets.US_ASCII);
        long rows = 0;
        long idSum = 0;
        long bytes = 0;
        byte[] line = new byte[256];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write("id,store,amount,note\n".getBytes(StandardCharsets.US_ASCII));
            while (bytes < TARGET_BYTES) {
                long id = rows + 1;
                int length = 0;
                length = digits(line, length, id);
                line[length++] = ',';
                length = digits(line, length, id % 500);
                line[length++] = ',';
                length = digits(line, length, id % 100_000);
                line[length++] = '.';
                length = digits(line, length, id % 89 + 10);
                line[length++] = ',';
                int note = 100 + (int) (id % 50);
                System.arraycopy(padding, 0, line, length, note);
                length += note;
                line[length++] = '\n';
                out.write(line, 0, length);
                bytes += length;
                rows++;
                idSum += id;
            }
        }
        return new long[] {rows, idSum};
    }

    private static int digits(byte[] buffer, int offset, long value) {
        String text = Long.toString(value);
        for (int i = 0; i < text.length(); i++) {
            buffer[offset + i] = (byte) text.charAt(i);
        }
        return offset + text.length();
    }
}
