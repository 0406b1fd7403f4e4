package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonAppendTest {
    @TempDir
    Path directory;

    @Test
    void appendingJsonReadsEveryTableColumnEvenWhenItsKeyAppearsLate() throws IOException {
        Path ndjson = directory.resolve("late.ndjson");
        try (BufferedWriter out = Files.newBufferedWriter(ndjson)) {
            for (int i = 0; i < 50_000; i++) {
                out.write(i == 49_999 ? "{\"id\": " + i + ", \"extra\": \"late\"}\n" : "{\"id\": " + i + "}\n");
            }
        }
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("CREATE TABLE t (id BIGINT, extra VARCHAR)");

            assertThat(sql.summary("LOAD DATA INTO t FROM '" + ndjson + "'")).isEqualTo("Loaded 50,000 rows into t");
            assertThat(sql.rows("SELECT id FROM t WHERE extra = 'late'")).containsExactly(List.of("49999"));
        }
    }
}
