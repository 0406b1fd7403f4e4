package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lisiere sql -c/-f}: the contract scripts and other tools rely on. */
class ScriptContractTest {
    @TempDir
    Path directory;

    private CliRun sql(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "sql";
        all[1] = "--data";
        all[2] = directory.resolve("data").toString();
        all[3] = "--threads=2";
        System.arraycopy(args, 0, all, 4, args.length);
        return CliRun.of(all);
    }

    @Test
    void printsResultsInOrderSeparatedByOneEmptyLine() {
        CliRun run = sql("-c", "CREATE TABLE t AS SELECT * FROM range(3) r(i)",
                "-c", "SELECT i, i * 1.5 AS x, 'a,b' AS s FROM t ORDER BY i; SELECT 42 AS answer",
                "--format", "csv");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("i,x,s\n0,0.0,\"a,b\"\n1,1.5,\"a,b\"\n2,3.0,\"a,b\"\n\nanswer\n42\n");
    }

    @Test
    void stopsAtTheFirstFailureWithCodeStatementAndPosition() {
        CliRun run = sql("-c", "CREATE TABLE a (i INTEGER)", "-c", "SELECT 1 AS one; SELECT *\n  FROM nope",
                "-c", "CREATE TABLE b (i INTEGER)");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("""
                ┌─────────┐
                │   one   │
                │ integer │
                ├─────────┤
                │       1 │
                └─────────┘
                """);
        assertThat(run.err()).startsWith("Error [UNKNOWN_OBJECT] statement 3, line 2:8 (-c #2): "
                + "Table with name nope does not exist!");
        assertThat(run.err().lines()).hasSize(1);
        CliRun check = sql("-c", "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'b'",
                "--format", "csv");
        assertThat(check.out()).isEqualTo("n\n0\n");
    }

    @Test
    void runsFilesAndCommandsInCommandLineOrder() throws IOException {
        Path script = Files.writeString(directory.resolve("setup.sql"),
                "-- set up\nCREATE TABLE t (v VARCHAR);\nINSERT INTO t VALUES ('from file');\n");
        Path broken = Files.writeString(directory.resolve("broken.sql"), "SELECT 1;\n\nSELEC 2;\n");

        CliRun run = sql("-f", script.toString(), "-c", "SELECT v FROM t", "-f", broken.toString(),
                "--format=ndjson");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("{\"v\":\"from file\"}\n\n{\"1\":1}\n");
        assertThat(run.err()).isEqualTo("Error [SYNTAX_ERROR] statement 5, line 3:1 (" + broken
                + "): syntax error at or near \"SELEC\"\n");
    }

    @Test
    void takesSettingsGivenBeforeTheCommandTheCommandsOwnWinning() {
        String data = directory.resolve("before").toString();
        CliRun created = CliRun.of("--data", data, "--format", "csv", "sql", "-c", "CREATE TABLE t AS SELECT 42 AS v");
        CliRun read = CliRun.of("--data", data, "--format", "csv", "sql", "--format", "json", "-c", "SELECT v FROM t");

        assertThat(created.exitCode()).isZero();
        assertThat(Files.isDirectory(directory.resolve("before"))).isTrue();
        assertThat(read.out()).isEqualTo("[{\"v\":42}]\n");
    }

    @Test
    void rendersJsonAndMarkdown() {
        String query = "SELECT 1 AS n, 'x|y' AS s, NULL AS z, [1, 2] AS l UNION ALL SELECT 2, 'q\"', NULL, []";

        assertThat(sql("-c", query + " ORDER BY n", "--format", "json").out())
                .isEqualTo("[{\"n\":1,\"s\":\"x|y\",\"z\":null,\"l\":[1,2]},\n{\"n\":2,\"s\":\"q\\\"\",\"z\":null,\"l\":[]}]\n");
        assertThat(sql("-c", query + " ORDER BY n", "--format", "markdown").out())
                .isEqualTo("| n | s | z | l |\n|---:|---|---|---|\n| 1 | x\\|y | NULL | [1, 2] |\n| 2 | q\" | NULL | [] |\n");
        assertThat(sql("-c", "SELECT 1 AS n WHERE false", "--format", "json").out()).isEqualTo("[]\n");
    }

    @Test
    void rendersTablesWithTypesAndAlignment() {
        CliRun run = sql("-c", "SELECT 7 AS qty, 'apple' AS fruit, 2.5::DOUBLE AS price, NULL::INTEGER AS gap");

        assertThat(run.out()).isEqualTo("""
                ┌─────────┬─────────┬────────┬─────────┐
                │   qty   │  fruit  │ price  │   gap   │
                │ integer │ varchar │ double │ integer │
                ├─────────┼─────────┼────────┼─────────┤
                │       7 │ apple   │    2.5 │ NULL    │
                └─────────┴─────────┴────────┴─────────┘
                """);
    }

    @Test
    void dataSurvivesARestart() {
        assertThat(sql("-c", "CREATE TABLE kept AS SELECT 'still here' AS v").exitCode()).isZero();

        assertThat(sql("-c", "SELECT v FROM kept", "--format", "csv").out()).isEqualTo("v\nstill here\n");
    }

    @Test
    void reportsAnUnterminatedStringBeforeRunningAnything() {
        CliRun run = sql("-c", "CREATE TABLE never (i INTEGER); SELECT 'open");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error [SYNTAX_ERROR] statement 1, line 1:40 (-c #1): "
                + "Unterminated string starting here\n");
        assertThat(sql("-c", "SELECT count(*) FROM information_schema.tables WHERE table_name = 'never'",
                "--format", "csv").out()).isEqualTo("count_star()\n0\n");
    }

    @Test
    void rejectsAnInvalidSettingBeforeOpeningTheData() {
        CliRun run = sql("--memory-limit", "lots", "-c", "SELECT 1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error [INVALID_CONFIG]: Setting 'memory_limit' from flag --memory-limit: "
                + "'lots' is not valid; expected a size of at least 1MB such as 512MB or 4GB, or a percentage of "
                + "physical memory up to 100%\n");
    }
}
