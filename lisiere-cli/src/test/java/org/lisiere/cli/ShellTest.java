package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.ConfigLoader;

/** The interactive shell, driven through a JLine terminal fed from a byte stream. */
class ShellTest {
    @TempDir
    Path directory;

    private String session(String input) throws IOException {
        Config config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "data", directory.resolve("data").toString(), "threads", "2",
                "history_file", directory.resolve("history").toString()));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, StandardCharsets.UTF_8);
                Lisiere lisiere = Lisiere.open(config);
                LisiereSession session = lisiere.openSession()) {
            assertThat(new Shell(ShellTarget.local(session, "test"), config, OutputFormat.TABLE).run(terminal))
                    .isZero();
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsMultiLineStatementsAndShowsRowCountAndTiming() throws IOException {
        String output = session("SELECT 1\n  AS x;\n");

        assertThat(output).contains("│    x    │", "│       1 │", "1 row (");
        assertThat(output).containsPattern("1 row \\(\\d+\\.\\d{3} s\\)");
    }

    @Test
    void dotCommandsListTablesShowSchemasAndSwitchModes() throws IOException {
        String output = session(String.join("\n",
                ".tables",
                "CREATE TABLE fruit (name VARCHAR, qty INTEGER);",
                ".tables",
                ".schema fruit",
                ".timer off",
                ".mode csv",
                "INSERT INTO fruit VALUES ('apple', 3);",
                "SELECT * FROM fruit;",
                ".mode",
                ".nonsense",
                ".help",
                ""));

        assertThat(output).contains("No tables yet.", "fruit\n",
                "CREATE TABLE fruit (\"name\" VARCHAR, \"qty\" INTEGER);",
                "1 row changed\n", "name,qty\napple,3\n1 row\n", "Output format: csv",
                "Unknown command .nonsense; type .help for the list.", ".schema [TABLE]");
    }

    @Test
    void reportsErrorsAndKeepsGoing() throws IOException {
        String output = session("SELECT * FROM nope;\nSELECT 2 AS two;\n.quit\nSELECT 3 AS three;\n");

        assertThat(output).contains("Error [UNKNOWN_OBJECT] statement 1, line 1:15 (input): Table with name nope",
                "│   two   │");
        assertThat(output).doesNotContain("three");
    }

    @Test
    void showsFirstAndLastRowsOfLongResults() throws IOException {
        String output = session(".timer off\nSELECT * FROM range(1000) t(i);\n");

        assertThat(output).contains("│      0 │\n", "│     19 │\n│   ·    │\n│   ·    │\n│   ·    │\n│    980 │\n",
                "│    999 │\n└────────┘\n1,000 rows\n");
        assertThat(output).doesNotContain("│     20 │", "│    979 │");
    }
}
