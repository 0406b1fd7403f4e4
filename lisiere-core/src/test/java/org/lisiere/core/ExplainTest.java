package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ML.EXPLAIN_PREDICT and ML.GLOBAL_EXPLAIN: exact attributions for trees (TreeSHAP) and linear models. */
class ExplainTest {
    private static final int ROWS = BoostedTreeTest.ROWS;
    private static final String DATA = BoostedTreeTest.DATA;
    /** Every attribution of every row: i, feature, attribution, baseline, prediction, approximation error. */
    private static final String LONG = "SELECT i, a.feature, a.attribution, baseline_prediction_value,"
            + " prediction_value, approximation_error FROM (SELECT *, unnest(top_feature_attributions) AS a FROM %s)"
            + " ORDER BY i, a.feature";

    @TempDir
    Path directory;

    private SqlRunner sql;

    @BeforeEach
    void open() {
        sql = SqlRunner.inMemory(directory);
        sql.summary(DATA);
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void treeAttributionsEqualXgboostShapValuesAndAddUpToThePrediction() throws XGBoostError {
        sql.summary("CREATE MODEL r OPTIONS (model_type = 'boosted_tree_regressor', input_label_cols = ['target'],"
                + " data_split_method = 'no_split', max_iterations = 10, early_stop = false, max_tree_depth = 4,"
                + " learn_rate = 0.5, subsample = 0.8, seed = 11) AS SELECT x1, x2, target FROM points");
        List<List<String>> ours = sql.rows(String.format(LONG, "ML.EXPLAIN_PREDICT(MODEL r, TABLE points)"));

        float[][] theirs;
        try (DirectXgboost direct = DirectXgboost.train(sql, "SELECT x1, x2, target FROM points ORDER BY i",
                Map.of("objective", "reg:squarederror", "max_depth", 4, "eta", 0.5, "subsample", 0.8, "lambda", 1,
                        "tree_method", "hist", "seed", 11), 10)) {
            theirs = direct.contributions();
        }

        assertThat(ours).hasSize(2 * ROWS);
        for (List<String> row : ours) {
            int i = Integer.parseInt(row.get(0));
            int feature = row.get(1).equals("x1") ? 0 : 1;
            assertThat(number(row, 2)).as("row %d %s", i, row.get(1)).isCloseTo(theirs[i][feature], within(1e-5));
            assertThat(number(row, 3)).as("baseline").isCloseTo(theirs[i][2], within(1e-5));
            assertThat(number(row, 5)).as("approximation error").isLessThan(1e-9);
        }
    }

    @Test
    void binaryTreeAttributionsExplainTheLogOddsOfThePredictedClass() throws XGBoostError {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['y'],"
                + " data_split_method = 'no_split', max_iterations = 15, early_stop = false, seed = 3) AS"
                + " SELECT x1, x2, y FROM points");
        List<List<String>> ours = sql.rows(String.format(LONG.replace("SELECT i,", "SELECT i, predicted_y,"
                + " ln(probability / (1 - probability)) AS logit,"), "ML.EXPLAIN_PREDICT(MODEL b, TABLE points)"));

        float[][] theirs;
        try (DirectXgboost direct = DirectXgboost.train(sql, "SELECT x1, x2, y FROM points ORDER BY i",
                Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.3, "lambda", 1,
                        "tree_method", "hist", "seed", 3), 15)) {
            theirs = direct.contributions();
        }

        for (List<String> row : ours) {
            int i = Integer.parseInt(row.get(0));
            double sign = row.get(1).equals("1") ? 1 : -1;
            int feature = row.get(3).equals("x1") ? 0 : 1;
            assertThat(number(row, 4)).as("row %d %s", i, row.get(3)).isCloseTo(sign * theirs[i][feature],
                    within(1e-5));
            assertThat(number(row, 5)).as("baseline").isCloseTo(sign * theirs[i][2], within(1e-5));
            assertThat(number(row, 6)).as("prediction value is the log-odds of the predicted class")
                    .isCloseTo(number(row, 2), within(1e-5));
        }
    }

    @Test
    void multiclassForestExplainsThePredictedClassScore() {
        sql.summary("CREATE MODEL f OPTIONS (model_type = 'random_forest_classifier', input_label_cols = ['colour'],"
                + " data_split_method = 'no_split', num_parallel_tree = 20) AS SELECT x1, x2, y, colour FROM points");

        assertThat(sql.rows("SELECT count(*), max(approximation_error) < 1e-9, count(*) FILTER (WHERE probability"
                + " = list_max(list_transform(p.predicted_colour_probs, lambda q: q.prob))),"
                + " min(len(top_feature_attributions)) FROM ML.EXPLAIN_PREDICT(MODEL f, TABLE points) e"
                + " JOIN ML.PREDICT(MODEL f, TABLE points) p USING (i)"))
                .containsExactly(List.of("400", "true", "400", "3"));
    }

    @Test
    void topFeaturesAreTheLargestByAbsoluteValue() {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['y'],"
                + " data_split_method = 'no_split') AS SELECT x1, x2, colour, y FROM points");

        List<List<String>> top = sql.rows("SELECT i, len(top_feature_attributions),"
                + " abs(top_feature_attributions[1].attribution) >= abs(top_feature_attributions[2].attribution)"
                + " FROM ML.EXPLAIN_PREDICT(MODEL b, TABLE points, STRUCT(2 AS top_k_features))");

        assertThat(top).hasSize(ROWS).allSatisfy(row -> assertThat(row.subList(1, 3)).containsExactly("2", "true"));
        assertThat(sql.rows("SELECT count(*) FROM ML.EXPLAIN_PREDICT(MODEL b, TABLE points) e,"
                + " ML.EXPLAIN_PREDICT(MODEL b, TABLE points, STRUCT(2 AS top_k_features)) t WHERE e.i = t.i AND"
                + " abs(t.top_feature_attributions[2].attribution) <> list_sort(list_transform("
                + "e.top_feature_attributions, lambda a: abs(a.attribution)), 'DESC')[2]"))
                .containsExactly(List.of("0"));
        assertThat(sql.columnNames("SELECT * FROM ML.EXPLAIN_PREDICT(MODEL b, (SELECT x1, x2, colour FROM points))"))
                .containsExactly("predicted_y", "probability", "top_feature_attributions",
                        "baseline_prediction_value", "prediction_value", "approximation_error", "x1", "x2", "colour");
    }

    @Test
    void linearAttributionsAreTheWeightTimesTheDistanceFromTheTrainingMean() {
        sql.summary("CREATE MODEL l OPTIONS (model_type = 'linear_reg', input_label_cols = ['target'],"
                + " data_split_method = 'no_split') AS SELECT x1, x2, colour, target FROM points");
        Map<String, Double> weights = new HashMap<>();
        sql.rows("SELECT processed_input, weight FROM ML.WEIGHTS(MODEL l) WHERE weight IS NOT NULL")
                .forEach(row -> weights.put(row.get(0), Double.parseDouble(row.get(1))));
        double meanX2 = Double.parseDouble(sql.rows("SELECT avg(x2) FROM points").get(0).get(0));

        List<List<String>> rows = sql.rows(String.format(LONG.replace("SELECT i,", "SELECT i, x2, colour,"),
                "ML.EXPLAIN_PREDICT(MODEL l, TABLE points)"));

        for (List<String> row : rows) {
            double attribution = number(row, 4);
            switch (row.get(3)) {
                case "x2" -> assertThat(attribution).as("row %s", row.get(0)).isCloseTo(row.get(1).equals("null") ? 0
                        : weights.get("x2") * (Double.parseDouble(row.get(1)) - meanX2), within(1e-9));
                case "colour" -> assertThat(attribution).isCloseTo(Double.parseDouble(sql.rows("SELECT w.weight"
                        + " FROM (SELECT unnest(category_weights) AS w FROM ML.WEIGHTS(MODEL l)"
                        + " WHERE processed_input = 'colour') WHERE w.category = '" + row.get(2) + "'").get(0).get(0)),
                        within(1e-9));
                default -> assertThat(row.get(3)).isEqualTo("x1");
            }
            assertThat(number(row, 7)).isLessThan(1e-9);
        }
        assertThat(sql.rows("SELECT count(*) FROM ML.EXPLAIN_PREDICT(MODEL l, TABLE points) e"
                + " JOIN ML.PREDICT(MODEL l, TABLE points) p USING (i) WHERE e.prediction_value <> p.predicted_target"))
                .containsExactly(List.of("0"));
    }

    @Test
    void logisticAttributionsAddUpForBinaryAndMulticlassModels() {
        sql.summary("CREATE MODEL l OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'],"
                + " data_split_method = 'no_split') AS SELECT x1, x2, colour, y FROM points");
        sql.summary("CREATE MODEL m OPTIONS (model_type = 'logistic_reg', input_label_cols = ['colour'],"
                + " data_split_method = 'no_split') AS SELECT x1, i % 3 AS k, colour FROM points");

        assertThat(sql.rows("SELECT max(approximation_error) < 1e-9, max(abs(prediction_value"
                + " - ln(probability / (1 - probability)))) < 1e-9 FROM ML.EXPLAIN_PREDICT(MODEL l, TABLE points)"))
                .containsExactly(List.of("true", "true"));
        assertThat(sql.rows("SELECT max(approximation_error) < 1e-9, count(*) FROM ML.EXPLAIN_PREDICT(MODEL m,"
                + " (SELECT i, x1, i % 3 AS k FROM points))")).containsExactly(List.of("true", "400"));
    }

    @Test
    void globalExplanationIsTheMeanAbsoluteAttributionOverTheTrainingQuery() {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_regressor', input_label_cols = ['target'],"
                + " enable_global_explain = true) AS SELECT x1, x2, colour, target FROM points");

        List<List<String>> global = sql.rows("SELECT feature, attribution FROM ML.GLOBAL_EXPLAIN(MODEL b)");
        List<List<String>> recomputed = sql.rows("SELECT a.feature, avg(abs(a.attribution)) AS mean FROM"
                + " (SELECT unnest(top_feature_attributions) AS a FROM ML.EXPLAIN_PREDICT(MODEL b, TABLE points))"
                + " GROUP BY ALL ORDER BY mean DESC");

        assertThat(global).extracting(row -> row.get(0)).containsExactlyElementsOf(recomputed.stream()
                .map(row -> row.get(0)).toList());
        for (int j = 0; j < global.size(); j++) {
            assertThat(number(global.get(j), 1)).isCloseTo(number(recomputed.get(j), 1), within(1e-12));
        }
        assertThat(global.get(0).get(0)).isEqualTo("x1");
        assertThat(sql.rows("DESCRIBE MODEL b")).contains(List.of("option", "enable_global_explain", "true"));
    }

    @Test
    void treeClassifiersGlobalExplanationIsTheMeanOverEachRowsPredictedClass() {
        for (String label : List.of("y", "i % 3")) {
            sql.summary("CREATE OR REPLACE MODEL c OPTIONS (model_type = 'boosted_tree_classifier',"
                    + " input_label_cols = ['k'], max_iterations = 6, enable_global_explain = true) AS"
                    + " SELECT x1, x2, colour, " + label + " AS k FROM points");

            List<List<String>> global = sql.rows("SELECT feature, attribution FROM ML.GLOBAL_EXPLAIN(MODEL c)");
            List<List<String>> recomputed = sql.rows("SELECT a.feature, avg(abs(a.attribution)) AS mean FROM"
                    + " (SELECT unnest(top_feature_attributions) AS a FROM ML.EXPLAIN_PREDICT(MODEL c, TABLE points,"
                    + " STRUCT(3 AS top_k_features))) GROUP BY ALL ORDER BY mean DESC");

            assertThat(global).as(label).extracting(row -> row.get(0))
                    .containsExactlyElementsOf(recomputed.stream().map(row -> row.get(0)).toList());
            for (int j = 0; j < global.size(); j++) {
                assertThat(number(global.get(j), 1)).as(label).isCloseTo(number(recomputed.get(j), 1), within(1e-12));
            }
        }
    }

    @Test
    void classLevelGlobalExplanationIsTheMeanAbsoluteContributionToEachClass() throws Exception {
        sql.summary("CREATE MODEL m OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['k'],"
                + " data_split_method = 'no_split', early_stop = false, max_iterations = 8, seed = 3,"
                + " enable_global_explain = true) AS SELECT x1, x2, i % 3 AS k FROM points ORDER BY i");
        float[][] contributions;
        try (DirectXgboost direct = DirectXgboost.train(sql, "SELECT x1, x2, i % 3 AS k FROM points ORDER BY i",
                Map.of("objective", "multi:softprob", "num_class", 3, "max_depth", 6, "eta", 0.3, "lambda", 1,
                        "tree_method", "hist", "seed", 3), 8)) {
            contributions = direct.contributions();
        }

        List<List<String>> perClass = sql.rows("SELECT class_label, feature, attribution, typeof(class_label) FROM"
                + " ML.GLOBAL_EXPLAIN(MODEL m, STRUCT(true AS class_level_explain))");

        assertThat(perClass).hasSize(6);
        for (List<String> row : perClass) {
            int c = Integer.parseInt(row.get(0));
            int feature = row.get(1).equals("x1") ? 0 : 1;
            double expected = 0;
            for (float[] contribution : contributions) {
                expected += Math.abs(contribution[c * 3 + feature]) / contributions.length;
            }
            assertThat(number(row, 2)).as("class %d %s", c, row.get(1)).isCloseTo(expected, within(1e-5));
            assertThat(row.get(3)).isEqualTo("BIGINT");
        }
        assertThat(perClass).extracting(row -> row.get(0)).containsExactly("0", "0", "1", "1", "2", "2");
    }

    @Test
    void classLevelExplanationsOfABinaryModelEqualTheModelsForBothClasses() {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'],"
                + " enable_global_explain = true) AS SELECT x1, colour, y FROM points");

        List<List<String>> global = sql.rows("SELECT feature, attribution FROM ML.GLOBAL_EXPLAIN(MODEL b)");

        assertThat(sql.rows("SELECT feature, attribution FROM ML.GLOBAL_EXPLAIN(MODEL b, STRUCT(true AS"
                + " class_level_explain)) WHERE class_label = 1")).isEqualTo(global);
        assertThat(sql.rows("SELECT feature, attribution FROM ML.GLOBAL_EXPLAIN(MODEL b, STRUCT(true AS"
                + " class_level_explain)) WHERE class_label = 0")).isEqualTo(global);
        sql.summary("CREATE MODEL r OPTIONS (model_type = 'linear_reg', input_label_cols = ['target'],"
                + " enable_global_explain = true) AS SELECT x1, target FROM points");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.GLOBAL_EXPLAIN(MODEL r, STRUCT(true AS"
                + " class_level_explain))")).hasMessage("ML.GLOBAL_EXPLAIN: class_level_explain is for classifiers"
                        + " trained with enable_global_explain by this version; version 1 of model 'r' has no"
                        + " classes");
    }

    @Test
    void globalExplanationNeedsTheTrainingOption() {
        sql.summary("CREATE MODEL l OPTIONS (model_type = 'linear_reg', input_label_cols = ['target']) AS"
                + " SELECT x1, target FROM points");

        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.GLOBAL_EXPLAIN(MODEL l)"))
                .hasMessage("ML.GLOBAL_EXPLAIN needs a model trained with OPTIONS (enable_global_explain = true);"
                        + " version 1 of model 'l' was not");
    }

    @Test
    void rejectsBadSettingsAndModelsWithoutExplanations() {
        sql.summary("CREATE MODEL l OPTIONS (model_type = 'linear_reg', input_label_cols = ['target']) AS"
                + " SELECT x1, target FROM points");
        sql.summary("CREATE MODEL k OPTIONS (model_type = 'kmeans', num_clusters = 2) AS SELECT x1 FROM points");

        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.EXPLAIN_PREDICT(MODEL l, TABLE points,"
                + " STRUCT(0 AS top_k_features))")).hasMessage("ML.EXPLAIN_PREDICT: setting 'top_k_features' is 0;"
                        + " expected a whole number from 1 to 999999999");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.EXPLAIN_PREDICT(MODEL l, TABLE points,"
                + " STRUCT(0.5 AS threshold))")).hasMessageStartingWith("ML.EXPLAIN_PREDICT: unknown setting"
                        + " 'threshold'");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.EXPLAIN_PREDICT(MODEL k, TABLE points)"))
                .hasMessage("ML.EXPLAIN_PREDICT is not available for model 'k' (model_type kmeans); available:"
                        + " ML.PREDICT, ML.EVALUATE, ML.CENTROIDS, ML.DETECT_ANOMALIES, ML.TRAINING_INFO,"
                        + " ML.FEATURE_INFO, ML.TRIAL_INFO");
    }

    private static double number(List<String> row, int column) {
        return Double.parseDouble(row.get(column));
    }
}
