package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadCommandTest {
    @TempDir
    Path directory;

    @Test
    void loadsAFileAndPrintsTheSummary() throws IOException {
        Path csv = Files.writeString(directory.resolve("pay.csv"), "id;amount\n1;2.5\n2;3.5\n");
        String data = directory.resolve("data").toString();

        CliRun run = CliRun.of("load", "--data", data, "--delimiter", ";", "payments", csv.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Loaded 2 rows into payments (table created)\n");
        assertThat(CliRun.of("sql", "--data", data, "-c", "SELECT sum(amount) AS s FROM payments", "--format", "csv")
                .out()).isEqualTo("s\n6.0\n");
    }

    @Test
    void reportsAMalformedFileAndExitsWithOne() throws IOException {
        Path csv = Files.writeString(directory.resolve("bad.csv"), "id\n1\nx\n");

        CliRun run = CliRun.of("load", "--data", directory.resolve("data").toString(), "--schema", "id BIGINT",
                "t", csv.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error [MALFORMED_INPUT]: " + csv + ":3: column 'id': 'x' is not a BIGINT\n");
    }

    @Test
    void buildsTheEquivalentLoadDataStatementWithQuoting() {
        LoadCommand command = new LoadCommand();
        new CommandLine(command).parseArgs("--overwrite", "--input-format", "csv", "--header", "false",
                "--null-marker", "N/A", "--schema", "a BIGINT, b VARCHAR", "sales.o'brien", "in/it's.txt");

        assertThat(command.statementText()).isEqualTo("LOAD DATA OVERWRITE INTO \"sales\".\"o'brien\" FROM 'in/it''s.txt'"
                + " OPTIONS (format = 'csv', header = false, null_marker = 'N/A', schema = 'a BIGINT, b VARCHAR')");
    }

    @Test
    void formatsTheProgressLine() {
        assertThat(ProgressBar.line(0.25, 4L << 30, 1_500_000, 2.0))
                .isEqualTo("[######..................]  25%  1.0 GiB / 4.0 GiB  750.0k rows/s  ETA 6s");
        assertThat(ProgressBar.duration(3725)).isEqualTo("1h02m");
        assertThat(ProgressBar.duration(75)).isEqualTo("1m15s");
        assertThat(ProgressBar.bytes(512)).isEqualTo("512 B");
    }
}
