package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.client.LisiereClient;

class DemoCommandTest {
    @TempDir
    Path directory;

    @Test
    void findsTheAnomaliesScoresAtTwoSitesAndServesTheSameWalkthroughAgain() throws InterruptedException {
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
        assertFleetPart(run, demo);
        assertServesTheSameWalkthrough(demo, walkthrough(run.out(), "\n\n== Fleet: "));
    }

    /** The fleet part: trains at the core, deploys to two sites, which score a stream and sync counts back. */
    private static void assertFleetPart(CliRun run, Path demo) {
        String fleet = run.out().substring(run.out().indexOf("== Fleet: "));
        assertThat(fleet).contains("Created site table flows at every site of project demo",
                "  site store_03 enrolled and listening on http://127.0.0.1:",
                "  site store_07 enrolled and listening on http://127.0.0.1:",
                "Deployed model intrusions version 1 to SITES WHERE 'retail' IN labels",
                "  both sites run model intrusions version 1",
                "\"distinct_ports\": 1, \"failed_logins\": 21}\n  -> brute_force\n",
                "Explore further: bin/lisiere sql --data " + demo);
        assertThat(fleet).containsPattern("Created model intrusions version 1 \\(boosted_tree_classifier, 18007 training"
                + " rows, 4502 evaluation rows, roc_auc 0\\.99");
        // which alerts come first depends on the sites' timing; that alerts come does not
        assertThat(fleet).containsPattern("  store_0[37] [-\\d]+ [:\\d]+: [a-z_]+, \\d+ ports, \\d+ failed logins");
        assertThat(fleet).containsPattern("│ store_03 │ normal +│ +\\d+ │ +\\d+ │");
        assertThat(fleet).containsPattern("│ store_07 │ port_scan +│ +\\d+ │ +\\d+ │");
        // the backlog is as of each site's last heartbeat, which may precede its last upload
        assertThat(fleet).containsPattern("│ store_03 │ retail, paris │ online +│ intrusions v1 │ +\\d+ │");
        assertThat(fleet).containsPattern("│ store_07 │ retail, lyon +│ online +│ intrusions v1 │ +\\d+ │");
        assertThat(demo.resolve("fleet/store_03.log")).isNotEmptyFile();
    }

    /**
     * {@code --serve}, in the same directory: the demo starts afresh, prints the same walkthrough (it is deterministic)
     * and leaves the core running with the demo project.
     */
    private static void assertServesTheSameWalkthrough(Path demo, String first) throws InterruptedException {
        StringWriter served = new StringWriter();
        Thread serving = new Thread(() -> Main.run(new String[] {"demo", "--data", demo.toString(), "--threads", "2",
            "--serve", "--port", "0"}, new PrintWriter(served, true), new PrintWriter(new StringWriter(), true)));

        serving.start();
        try {
            String second = awaitLine(served, serving, "Stop with Ctrl-C.");
            assertThat(walkthrough(second, "\n\nLisière core listening on ").replace("/projects/demo/uploads/",
                    "/files/")).isEqualTo(first);
            Matcher started = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+) .*\\n.*admin token \\(shown"
                    + " once\\): (lsr_\\S+)\\n").matcher(second);
            assertThat(started.find()).as(second).isTrue();
            LisiereClient client = LisiereClient.connect(URI.create(started.group(1)), started.group(2));
            assertThat(client.query(DemoCommand.PROJECT, "SELECT count(*) FROM flows", List.of()).rows())
                    .containsExactly(List.of(30_000));
            assertThat(client.query(DemoCommand.PROJECT, "SELECT count(*) > 0 FROM ML.PREDICT(MODEL intrusions,"
                    + " (SELECT * FROM flows LIMIT 10))", List.of()).rows()).containsExactly(List.of(true));
        } finally {
            serving.interrupt();
            serving.join();
        }
    }

    /** The walkthrough part of a demo's output: up to {@code end}. */
    private static String walkthrough(String out, String end) {
        assertThat(out).contains(end);
        return out.substring(0, out.indexOf(end));
    }

    /** The output once it holds {@code line}: the demo trains models first (minutes on a busy machine). */
    private static String awaitLine(StringWriter out, Thread writer, String line) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (!out.toString().contains(line)) {
            assertThat(writer.isAlive()).as("the demo ended early:%n%s", out).isTrue();
            assertThat(Instant.now()).as("waiting for '%s' in:%n%s", line, out).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return out.toString();
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
