package org.lisiere.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.EngineConfig;

/**
 * P4: {@code CREATE MODEL ... logistic_reg} on 1M rows × 20 numeric features against Spark MLlib's
 * {@code LogisticRegression} in {@code local[2]}, same data (written once as Parquet for Spark), same L2 penalty
 * and iteration cap, both run to convergence (Lisière with early_stop = false, Spark to its default tolerance),
 * alternating, minimum of N runs. Both sides are timed from their stored data to a trained
 * model: Lisière reads its DuckDB table, Spark reads the Parquet file. Goal: at least 5× faster with equal or lower
 * log-loss on the training data.
 */
final class TrainBenchmark {
    private static final int FEATURES = 20;
    /** Lisière's penalty is l2_reg / 2 × ||w||² on the summed loss; Spark's regParam applies to the mean loss. */
    private static final double L2 = 1.0;
    private static final int MAX_ITERATIONS = 20;

    private final int rows;
    private final int runs;
    private final Path work;
    private final PrintStream out;

    TrainBenchmark(int rows, int runs, Path work, PrintStream out) {
        this.rows = rows;
        this.runs = runs;
        this.work = work;
        this.out = out;
    }

    void run() throws IOException {
        Path directory = Files.createDirectories(work.resolve("train"));
        Path parquet = directory.resolve("points.parquet").toAbsolutePath();
        Files.deleteIfExists(parquet);
        EngineConfig config = new EngineConfig(Optional.empty(), 8L << 30, Runtime.getRuntime().availableProcessors(),
                Map.of());
        SparkSession spark = SparkSession.builder().master("local[2]").appName("lisiere-bench-p4")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.metrics.conf.*.sink.servlet.class", QuietMetricsServlet.class.getName()).getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try (Lisiere lisiere = Lisiere.of(Lisiere.factory("duckdb").open(config), directory);
                LisiereSession session = lisiere.openSession()) {
            summary(session, "CREATE OR REPLACE TABLE points AS SELECT " + IntStream.rangeClosed(1, FEATURES)
                    .mapToObj(i -> "((hash(i, " + i + ") % 2000000) / 1000000.0 - 1) AS x" + i)
                    .collect(Collectors.joining(", ")) + " FROM range(" + rows + ") t(i)");
            String logit = IntStream.rangeClosed(1, FEATURES).mapToObj(i -> (i % 3 - 1) * 0.5 + " * x" + i)
                    .collect(Collectors.joining(" + "));
            summary(session, "CREATE OR REPLACE TABLE points AS SELECT *, ((hash(rowid, 0) % 1000000) / 1e6)"
                    + " < 1 / (1 + exp(-(0.3 + " + logit + "))) AS label FROM points");
            summary(session, "COPY (SELECT * EXCLUDE (label), label::INT::DOUBLE AS label FROM points) TO '"
                    + parquet + "' (FORMAT parquet)");
            double[] ours = new double[runs];
            double[] theirs = new double[runs];
            double oursLoss = 0;
            double theirsLoss = 0;
            for (int run = -1; run < runs; run++) {
                long started = System.nanoTime();
                summary(session, "CREATE OR REPLACE MODEL p4 OPTIONS (model_type = 'logistic_reg',"
                        + " data_split_method = 'no_split', early_stop = false, l2_reg = " + L2 + ", max_iterations = "
                        + MAX_ITERATIONS + ") AS SELECT * FROM points");
                double a = (System.nanoTime() - started) / 1e6;
                started = System.nanoTime();
                LogisticRegressionModel model = sparkFit(spark, parquet.toString());
                double b = (System.nanoTime() - started) / 1e6;
                if (run >= 0) {
                    ours[run] = a;
                    theirs[run] = b;
                }
                oursLoss = Double.parseDouble(firstValue(session, "SELECT log_loss FROM ML.EVALUATE(MODEL p4,"
                        + " TABLE points)"));
                theirsLoss = sparkLogLoss(spark, model, parquet.toString());
            }
            report(ours, theirs, oursLoss, theirsLoss);
        } finally {
            spark.stop();
        }
    }

    private LogisticRegressionModel sparkFit(SparkSession spark, String parquet) {
        Dataset<Row> data = assembled(spark, parquet);
        return new LogisticRegression().setMaxIter(MAX_ITERATIONS).setRegParam(L2 / rows).setElasticNetParam(0)
                .setStandardization(true).setFitIntercept(true).fit(data);
    }

    private static Dataset<Row> assembled(SparkSession spark, String parquet) {
        String[] features = IntStream.rangeClosed(1, FEATURES).mapToObj(i -> "x" + i).toArray(String[]::new);
        return new VectorAssembler().setInputCols(features).setOutputCol("features")
                .transform(spark.read().parquet(parquet));
    }

    /** The mean log-loss of Spark's model on the training data, probabilities clamped as Lisière's are. */
    private static double sparkLogLoss(SparkSession spark, LogisticRegressionModel model, String parquet) {
        Dataset<Row> scored = model.transform(assembled(spark, parquet))
                .withColumn("p", element_at(functions.vector_to_array(col("probability"), "float64"), 2));
        Dataset<Row> clamped = scored.withColumn("p", least(greatest(col("p"), lit(1e-15)), lit(1 - 1e-15)));
        Row row = clamped.select(avg(when(col("label").equalTo(1.0), log(col("p")).multiply(-1))
                .otherwise(log(lit(1.0).minus(col("p"))).multiply(-1)))).first();
        return row.getDouble(0);
    }

    private void report(double[] ours, double[] theirs, double oursLoss, double theirsLoss) {
        double oursMin = Arrays.stream(ours).min().orElseThrow();
        double theirsMin = Arrays.stream(theirs).min().orElseThrow();
        out.printf(Locale.ROOT, "%nP4 CREATE MODEL logistic_reg, %,d rows x %d features, l2 %.1f (Spark regParam"
                + " %.1e), max %d iterations, %d runs each, alternating%n", rows, FEATURES, L2, L2 / rows,
                MAX_ITERATIONS, runs);
        out.printf(Locale.ROOT, "%-30s %10s %10s %12s%n", "", "min ms", "median ms", "log-loss");
        out.printf(Locale.ROOT, "%-30s %10.0f %10.0f %12.6f%n", "Lisiere (DuckDB table)", oursMin, Runs.median(ours),
                oursLoss);
        out.printf(Locale.ROOT, "%-30s %10.0f %10.0f %12.6f%n", "Spark MLlib local[2] (Parquet)", theirsMin,
                Runs.median(theirs), theirsLoss);
        out.printf(Locale.ROOT, "speed ratio (min): %.2fx faster than Spark MLlib (goal >= 5x); log-loss %s%n",
                theirsMin / oursMin, oursLoss <= theirsLoss + 1e-9 ? "equal or lower" : "HIGHER");
    }


    private static String summary(LisiereSession session, String sql) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            return result.summary();
        }
    }

    private static String firstValue(LisiereSession session, String sql) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            return String.valueOf(result.result().nextBatch().orElseThrow().column(0).get(0));
        }
    }
}
