package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.testing.ExpectedResult;
import org.lisiere.testing.TpchData;

/**
 * The official dbgen TPC-H SF 0.01 files of {@code ../shared/datasets/sqlbench/tpch} (pipe-delimited, pipe-terminated
 * {@code .tbl}) loaded with {@code LOAD DATA} as a user would, and the 22 queries checked against the published
 * answers for exactly that data. Runs in the {@code shared-data} profile.
 */
@Tag("shared")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedTpchAccuracyTest {
    private static final Path TPCH = TestDatasets.DATASETS.resolve("sqlbench/tpch");

    @TempDir
    static Path directory;

    private SqlRunner sql;

    @BeforeAll
    void loadTheOfficialFiles() {
        sql = SqlRunner.inMemory(directory);
        for (String table : TpchData.tableNames()) {
            String schema = TpchData.columns(table).stream().map(c -> c.name() + " " + c.type())
                    .collect(Collectors.joining(", "));
            sql.summary("LOAD DATA INTO " + table + " FROM '" + TPCH.resolve("data_sf0.01/" + table + ".tbl")
                    + "' OPTIONS (header = false, delimiter = '|', schema = '" + schema + "')");
        }
    }

    @AfterAll
    void close() {
        sql.close();
    }

    static IntStream queries() {
        return IntStream.rangeClosed(1, 22);
    }

    @ParameterizedTest(name = "official dbgen SF0.01 q{0}")
    @MethodSource("queries")
    void matchesThePublishedAnswer(int query) throws IOException {
        List<ScriptStatement> statements = SqlSplitter.split(
                Files.readString(TPCH.resolve("queries_trino/q" + query + ".sql")));
        for (ScriptStatement prepare : statements.subList(0, statements.size() - 1)) {
            sql.summary(prepare.text());
        }
        List<List<String>> rows = sql.rows(statements.get(statements.size() - 1).text());
        ExpectedResult expected = ExpectedResult.parse(
                Files.readString(TPCH.resolve("answers/sf0.01_official_dbgen_trino/q" + query + ".result")));

        assertThat(expected.compare(rows)).isEmpty();
    }
}
