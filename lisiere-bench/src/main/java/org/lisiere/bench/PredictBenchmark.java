package org.lisiere.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Batch;
import org.lisiere.spi.EngineConfig;

/**
 * P1: {@code ML.PREDICT} of a logistic model over 1M rows × 20 numeric features against the same formula written by
 * hand as a plain DuckDB expression ({@code 1/(1+exp(-(b0 + b1*x1 + ...)))}), in the same session, alternating,
 * minimum and median of N runs. Goal: at least 0.5× the rows per second of the hand-written formula.
 */
final class PredictBenchmark {
    private static final int FEATURES = 20;

    private final int rows;
    private final int runs;
    private final Path work;
    private final PrintStream out;

    PredictBenchmark(int rows, int runs, Path work, PrintStream out) {
        this.rows = rows;
        this.runs = runs;
        this.work = work;
        this.out = out;
    }

    void run() throws IOException {
        Path directory = Files.createDirectories(work.resolve("predict"));
        EngineConfig config = new EngineConfig(Optional.empty(), 8L << 30, Runtime.getRuntime().availableProcessors(),
                Map.of());
        try (Lisiere lisiere = Lisiere.of(Lisiere.factory("duckdb").open(config), directory);
                LisiereSession session = lisiere.openSession()) {
            String features = IntStream.rangeClosed(1, FEATURES)
                    .mapToObj(i -> "((i * " + (7919 * i) + ") % 1000) / 1000.0 - 0.5 AS x" + i)
                    .collect(Collectors.joining(", "));
            run(session, "CREATE TABLE points AS SELECT " + features + ", ((i * 31) % 100) < 50 + 30 * (((i * 7919)"
                    + " % 1000) / 1000.0 - 0.5) AS label FROM range(" + rows + ") t(i)");
            long started = System.nanoTime();
            String summary = summary(session, "CREATE MODEL p1 OPTIONS (model_type = 'logistic_reg',"
                    + " data_split_method = 'no_split') AS SELECT * FROM points");
            out.printf(Locale.ROOT, "%s in %.1f s%n", summary, (System.nanoTime() - started) / 1e9);
            List<List<String>> weights = rows(session, "SELECT processed_input, weight FROM ML.WEIGHTS(MODEL p1)");
            StringBuilder formula = new StringBuilder("1 / (1 + exp(-(");
            for (List<String> weight : weights) {
                formula.append(weight.get(0).equals("__INTERCEPT__") ? "" : weight.get(0) + " * ")
                        .append(weight.get(1)).append(" + ");
            }
            formula.append("0)))");
            String handWritten = "SELECT sum(" + formula + ") FROM points";
            String predict = "SELECT sum(predicted_label_probs[1].prob) FROM ML.PREDICT(MODEL p1, TABLE points)";
            double[] ours = new double[runs];
            double[] theirs = new double[runs];
            for (int run = -1; run < runs; run++) {
                double a = time(session, predict);
                double b = time(session, handWritten);
                if (run >= 0) {
                    ours[run] = a;
                    theirs[run] = b;
                }
            }
            report(ours, theirs);
        }
    }

    private void report(double[] ours, double[] theirs) {
        double oursMin = Arrays.stream(ours).min().orElseThrow();
        double theirsMin = Arrays.stream(theirs).min().orElseThrow();
        out.printf(Locale.ROOT, "%nP1 ML.PREDICT, logistic_reg, %,d rows x %d features, %d runs each, alternating%n",
                rows, FEATURES, runs);
        out.printf(Locale.ROOT, "%-24s %10s %10s %14s%n", "", "min ms", "median ms", "rows/s (min)");
        out.printf(Locale.ROOT, "%-24s %10.1f %10.1f %,14.0f%n", "ML.PREDICT", oursMin, Runs.median(ours),
                rows / oursMin * 1000);
        out.printf(Locale.ROOT, "%-24s %10.1f %10.1f %,14.0f%n", "hand-written SQL", theirsMin, Runs.median(theirs),
                rows / theirsMin * 1000);
        out.printf(Locale.ROOT, "throughput ratio (min): %.3fx of hand-written (goal >= 0.5x)%n", theirsMin / oursMin);
    }


    private static double time(LisiereSession session, String sql) {
        long started = System.nanoTime();
        rows(session, sql);
        return (System.nanoTime() - started) / 1e6;
    }

    private static void run(LisiereSession session, String sql) {
        summary(session, sql);
    }

    private static String summary(LisiereSession session, String sql) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            return result.summary();
        }
    }

    private static List<List<String>> rows(LisiereSession session, String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            for (Optional<Batch> b = result.result().nextBatch(); b.isPresent(); b = result.result().nextBatch()) {
                for (int r = 0; r < b.get().rowCount(); r++) {
                    List<String> row = new ArrayList<>();
                    for (int c = 0; c < b.get().columns().size(); c++) {
                        row.add(String.valueOf(b.get().column(c).get(r)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
