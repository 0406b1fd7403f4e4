package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path directory;

    @Test
    void loadsTheSyntheticDataAndFindsTheInjectedAnomalies() {
        Path demo = directory.resolve("demo");

        CliRun run = CliRun.of("demo", "--data", demo.toString(), "--threads", "2");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains(
                "Generated 57,476 point-of-sale events, 107,520 cell measurements and 30,000 network flows (seed"
                        + " 20260302).",
                "Loaded 57,476 rows into pos_events (table created)",
                "Loaded 107,520 rows into cell_metrics (table created)",
                "== 6/17 Cells with a latency incident ==",
                "Loaded 30,000 rows into flows (table created)",
                "Created model intrusions version 1 (boosted_tree_classifier, ",
                "Created model cell_load version 1 (kmeans, 80640 training rows, 0 evaluation rows,",
                "Created model drop_risk version 1 (logistic_reg, 80640 training rows, 0 evaluation rows, roc_auc 0.",
                "Explore further: bin/lisiere sql --data " + demo);
        assertThat(run.out()).containsPattern("│ store_07 │ 2026-03-22 │ +\\d+ │ [\\d.]+ │ +\\d+\\.\\d │");
        assertThat(run.out()).containsPattern("│ store_03 │ 2026-03-14 │ +0 │ +0\\.0 │ +-\\d+\\.\\d │");
        assertThat(run.out()).containsPattern("│ cell_017 │ 2026-03-11 │ 10:00:00 +│ 11:45:00 +│ +8 │");
        assertThat(run.out()).containsPattern("│ cell_017 │ 2026-03-11 10:00:00 │ +[\\d.]+ │ +\\d+ │ true +│ +1\\.0 │");
        assertThat(run.out()).containsPattern("│ cell_017 │ 2026-03-11 11:30:00 │ +169\\.3 │ +39 │ +[\\d.]+ │");
        assertThat(run.out()).containsPattern("│ port_scan +│ port_scan +│ store_\\d\\d │ [-\\d: ]+ │"
                + " +[\\d.]+ │"
                + " \\[distinct_ports \\+\\d+\\.\\d, ");
        assertThat(run.out()).containsPattern("│ failed_logins +│ +[\\d.]+ │");
    }

    @Test
    void isDeterministicAndStartsFreshEveryRun() {
        Path demo = directory.resolve("demo");
        String first = CliRun.of("demo", "--data", demo.toString(), "--threads", "2").out();

        String second = CliRun.of("demo", "--data", demo.toString(), "--threads", "2").out();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void refusesADirectoryItDidNotCreate() throws IOException {
        Path precious = Files.createDirectories(directory.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "keep me");

        CliRun run = CliRun.of("demo", "--data", precious.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error [INVALID_ARGUMENT]: Directory '" + precious
                + "' exists and was not created by the demo; choose another with --data\n");
        assertThat(precious.resolve("notes.txt")).hasContent("keep me");
    }
}
