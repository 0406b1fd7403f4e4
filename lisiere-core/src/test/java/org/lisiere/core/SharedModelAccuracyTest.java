package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy of the SQL model types on real data sets, against the references of {@code shared/datasets/CATALOG.md}:
 * diamonds (R's lm), UCI Adult (Kohavi 1996's published error rates) and iris.
 */
@Tag("shared")
class SharedModelAccuracyTest {
    private static final Path TABULAR = TestDatasets.DATASETS.resolve("tabular");

    @TempDir
    Path directory;

    /** R: lm(log(price) ~ log(carat)) gives 8.448661, 1.675817, R² 0.932989 (reference/R_reference_output.txt). */
    @Test
    void diamondsLogLogRegressionMatchesR() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO diamonds FROM '" + TABULAR.resolve("ggplot2_diamonds.csv") + "'");
            sql.summary("CREATE MODEL price OPTIONS (model_type = 'linear_reg', input_label_cols = ['log_price'],"
                    + " data_split_method = 'no_split') AS SELECT ln(carat) AS log_carat, ln(price) AS log_price"
                    + " FROM diamonds");

            Map<String, Double> weights = sql.rows("SELECT processed_input, weight FROM ML.WEIGHTS(MODEL price)")
                    .stream().collect(Collectors.toMap(r -> r.get(0), r -> Double.parseDouble(r.get(1))));
            double r2 = Double.parseDouble(sql.rows("SELECT r2_score FROM ML.EVALUATE(MODEL price)").get(0).get(0));

            assertThat(weights.get("__INTERCEPT__")).isCloseTo(8.44866072802695, within(1e-6));
            assertThat(weights.get("log_carat")).isCloseTo(1.67581673072474, within(1e-6));
            assertThat(r2).isCloseTo(0.932989307952086, within(1e-6));
        }
    }

    /**
     * Kohavi (1996) reports test error 15.54% for C4.5 and 14.10% for NBTree on this split; logistic regression with
     * BigQuery ML's defaults must reach accuracy 0.845 on the official test file.
     */
    @Test
    void adultLogisticRegressionWithDefaultsReachesThePublishedAccuracy() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO adult_train FROM '" + TABULAR.resolve("adult/adult_train.csv") + "'");
            sql.summary("LOAD DATA INTO adult_test FROM '" + TABULAR.resolve("adult/adult_test.csv") + "'");
            sql.summary("CREATE MODEL income OPTIONS (model_type = 'logistic_reg', input_label_cols = ['income'])"
                    + " AS SELECT * EXCLUDE (fnlwgt) FROM adult_train");

            double accuracy = Double.parseDouble(sql.rows("SELECT accuracy FROM ML.EVALUATE(MODEL income,"
                    + " (SELECT * EXCLUDE (fnlwgt) FROM adult_test))").get(0).get(0));

            assertThat(accuracy).isGreaterThanOrEqualTo(0.845);
        }
    }

    /** Iris: setosa is linearly separable from the other species; k-means with 3 clusters must isolate it. */
    @Test
    void irisKMeansSeparatesSetosaCompletely() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO iris FROM '" + TABULAR.resolve("R_iris.csv") + "'");
            sql.summary("CREATE MODEL species OPTIONS (model_type = 'kmeans', num_clusters = 3) AS"
                    + " SELECT * EXCLUDE (Species) FROM iris");

            List<List<String>> setosa = sql.rows("SELECT count(DISTINCT centroid_id) FROM ML.PREDICT(MODEL species,"
                    + " TABLE iris) WHERE Species = 'setosa'");
            List<List<String>> shared = sql.rows("SELECT count(*) FROM ML.PREDICT(MODEL species, TABLE iris)"
                    + " WHERE Species <> 'setosa' AND centroid_id IN (SELECT centroid_id FROM ML.PREDICT(MODEL"
                    + " species, TABLE iris) WHERE Species = 'setosa')");

            assertThat(setosa).containsExactly(List.of("1"));
            assertThat(shared).containsExactly(List.of("0"));
        }
    }
}
