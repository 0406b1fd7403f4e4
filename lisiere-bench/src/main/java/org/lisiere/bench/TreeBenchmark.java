package org.lisiere.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Batch;
import org.lisiere.spi.EngineConfig;

/**
 * P3 and P2 on 1M rows × 20 numeric features with a binary label, XGBoost4J called directly as the peer, in the
 * same JVM, alternating, minimum of N runs.
 *
 * <ul>
 *   <li>P3: {@code CREATE MODEL … boosted_tree_classifier} (100 rounds, depth 6, no split, no early stop), timed from
 *       the DuckDB table to the stored model, against XGBoost4J building a DMatrix from the float matrix already in
 *       memory and {@code XGBoost.train} with the same parameters and, as CREATE MODEL does for ML.TRAINING_INFO,
 *       the training loss evaluated after each round (a watch on the training DMatrix). A new DMatrix each run, as
 *       each CREATE MODEL builds one: XGBoost keeps the quantile sketch of a DMatrix it trained on, and training
 *       again on it skips that work. Goal: at most 1.15× (our data preparation overhead). Also printed: the peer
 *       without the per-round loss, the least work XGBoost can do for the model (CREATE MODEL computes the same loss
 *       from XGBoost's margins, more cheaply than XGBoost's evaluation, so it can beat the first peer).
 *   <li>P2: {@code ML.PREDICT} with those 100 trees over the table, against {@code Booster.predict} on a DMatrix made
 *       from the float matrix (a fresh one: the training DMatrix would be answered from XGBoost's prediction cache).
 *       Goal: at least 1.0× XGBoost's rows per second.
 * </ul>
 */
final class TreeBenchmark {
    private static final int FEATURES = 20;
    private static final int ROUNDS = 100;

    private final int rows;
    private final int runs;
    private final Path work;
    private final PrintStream out;

    TreeBenchmark(int rows, int runs, Path work, PrintStream out) {
        this.rows = rows;
        this.runs = runs;
        this.work = work;
        this.out = out;
    }

    void run() throws IOException, XGBoostError {
        Path directory = Files.createDirectories(work.resolve("trees"));
        int threads = Runtime.getRuntime().availableProcessors();
        EngineConfig config = new EngineConfig(Optional.empty(), 8L << 30, threads, Map.of());
        try (Lisiere lisiere = Lisiere.of(Lisiere.factory("duckdb").open(config), directory);
                LisiereSession session = lisiere.openSession()) {
            String features = IntStream.rangeClosed(1, FEATURES)
                    .mapToObj(i -> "((i * " + (7919 * i) + ") % 1000) / 1000.0 - 0.5 AS x" + i)
                    .collect(Collectors.joining(", "));
            execute(session, "CREATE OR REPLACE TABLE points AS SELECT " + features + ", (((i * 31) % 100) < 50 + 30"
                    + " * (((i * 7919) % 1000) / 1000.0 - 0.5) + 20 * (((i * 15838) % 1000) / 1000.0 - 0.5))::INT"
                    + " AS label FROM range(" + rows + ") t(i)");
            float[] matrix = new float[rows * FEATURES];
            float[] labels = new float[rows];
            read(session, matrix, labels);
            Map<String, Object> parameters = new HashMap<>(Map.of("objective", "binary:logistic", "max_depth", 6,
                    "eta", 0.3, "lambda", 1, "tree_method", "hist", "seed", 1, "verbosity", 0, "nthread", threads));
            String create = "CREATE OR REPLACE MODEL p3 OPTIONS (model_type = 'boosted_tree_classifier',"
                    + " input_label_cols = ['label'], data_split_method = 'no_split', early_stop = false,"
                    + " max_iterations = " + ROUNDS + ", seed = 1) AS SELECT * FROM points";
            double[] oursTrain = new double[runs];
            double[] theirsTrain = new double[runs];
            double[] theirsTrainSilent = new double[runs];
            Booster booster = null;
            for (int run = 0; run < runs; run++) {
                oursTrain[run] = time(() -> execute(session, create));
                if (booster != null) {
                    booster.dispose();
                }
                theirsTrainSilent[run] = time(() -> train(matrix, labels, parameters, false).dispose());
                long started = System.nanoTime();
                booster = train(matrix, labels, parameters, true);
                theirsTrain[run] = (System.nanoTime() - started) / 1e6;
            }
            Map<String, double[]> peers = new LinkedHashMap<>();
            peers.put("XGBoost.train", theirsTrain);
            peers.put("  without train loss", theirsTrainSilent);
            report("P3 CREATE MODEL boosted_tree_classifier, " + ROUNDS + " rounds, depth 6", oursTrain, peers,
                    false, "at most 1.15x");
            String predict = "SELECT sum(predicted_label_probs[1].prob) FROM ML.PREDICT(MODEL p3, TABLE points)";
            double[] oursPredict = new double[runs];
            double[] theirsPredict = new double[runs];
            Booster trained = booster;
            for (int run = -1; run < runs; run++) {
                double a = time(() -> execute(session, predict));
                double b = time(() -> predict(trained, matrix));
                if (run >= 0) {
                    oursPredict[run] = a;
                    theirsPredict[run] = b;
                }
            }
            report("P2 ML.PREDICT, " + ROUNDS + " trees of depth 6", oursPredict,
                    Map.of("Booster.predict", theirsPredict), true, "at least 1.0x");
            booster.dispose();
        }
    }

    /**
     * XGBoost's prediction from the float matrix: a new DMatrix each time, as the training DMatrix would answer from
     * XGBoost's prediction cache instead of walking the trees.
     */
    private void predict(Booster booster, float[] matrix) {
        try {
            DMatrix data = new DMatrix(matrix, rows, FEATURES, Float.NaN);
            booster.predict(data);
            data.dispose();
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    /** The table's features and labels, row-major, as the peer's input. */
    private void read(LisiereSession session, float[] matrix, float[] labels) {
        int row = 0;
        try (StatementResult result = session.execute(ScriptStatement.single("SELECT * FROM points"))) {
            for (Optional<Batch> b = result.result().nextBatch(); b.isPresent(); b = result.result().nextBatch()) {
                Batch batch = b.get();
                for (int r = 0; r < batch.rowCount(); r++, row++) {
                    for (int f = 0; f < FEATURES; f++) {
                        matrix[row * FEATURES + f] = ((Number) batch.column(f).get(r)).floatValue();
                    }
                    labels[row] = ((Number) batch.column(FEATURES).get(r)).floatValue();
                }
            }
        }
    }

    /**
     * Prints the runs and the ratio of the fastest runs to each peer's; the goal applies to the first peer, which does
     * the same work as we do.
     */
    private void report(String title, double[] ours, Map<String, double[]> peers, boolean throughput, String goal) {
        double oursMin = Arrays.stream(ours).min().orElseThrow();
        out.printf(Locale.ROOT, "%n%s, %,d rows x %d features, %d runs each, alternating%n", title, rows, FEATURES,
                runs);
        out.printf(Locale.ROOT, "%-24s %10s %10s%n", "", "min ms", "median ms");
        out.printf(Locale.ROOT, "%-24s %10.1f %10.1f%n", "Lisière", oursMin, Runs.median(ours));
        peers.forEach((peer, theirs) -> out.printf(Locale.ROOT, "%-24s %10.1f %10.1f%n", peer,
                Arrays.stream(theirs).min().orElseThrow(), Runs.median(theirs)));
        boolean first = true;
        for (Map.Entry<String, double[]> peer : peers.entrySet()) {
            double theirsMin = Arrays.stream(peer.getValue()).min().orElseThrow();
            out.printf(Locale.ROOT, throughput ? "throughput ratio (min): %.3fx of %s%s%n"
                    : "time ratio (min): %.3fx of %s%s%n", throughput ? theirsMin / oursMin : oursMin / theirsMin,
                    peer.getKey().strip(), first ? " (goal " + goal + ")" : "");
            first = false;
        }
    }

    /**
     * XGBoost trained on a new DMatrix made from the float matrix, as each CREATE MODEL builds one, with the training
     * loss evaluated after every round (what ML.TRAINING_INFO reports) or not.
     */
    private Booster train(float[] matrix, float[] labels, Map<String, Object> parameters, boolean trainLoss) {
        try {
            DMatrix data = new DMatrix(matrix, rows, FEATURES, Float.NaN);
            data.setLabel(labels);
            Map<String, DMatrix> watches = trainLoss ? Map.of("train", data) : new HashMap<>();
            Booster booster = XGBoost.train(data, parameters, ROUNDS, watches, null, null);
            data.dispose();
            return booster;
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    private static double time(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static void execute(LisiereSession session, String sql) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            Optional<Batch> batch = result.result().nextBatch();
            while (batch.isPresent()) {
                batch = result.result().nextBatch();
            }
        }
    }
}
