package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE MODEL boosted_tree_* and random_forest_* with XGBoost, scored in SQL, end to end on DuckDB. */
class BoostedTreeTest {
    static final int ROWS = 400;
    /** Two numeric inputs (x2 NULL on every 7th row) and a label driven by both, deterministic. */
    static final String DATA = "CREATE TABLE points AS SELECT i, (i * 37 % 101) / 10.0 AS x1,"
            + " CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 53 % 89) / 8.9 END AS x2,"
            + " CASE WHEN i % 3 = 0 THEN 'red' WHEN i % 3 = 1 THEN 'green' ELSE 'blue' END AS colour,"
            + " ((i * 37 % 101) / 10.0 + coalesce((i * 53 % 89) / 8.9, 5) + (i * 13 % 5) > 10)::INT AS y,"
            + " (i * 37 % 101) / 10.0 * 2 + (i * 13 % 5) AS target FROM range(" + ROWS + ") t(i)";

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
    void classifierPredictionsEqualXgboostCalledDirectly() throws XGBoostError {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['y'],"
                + " data_split_method = 'no_split', max_iterations = 15, early_stop = false, seed = 3) AS"
                + " SELECT x1, x2, y FROM points");
        List<List<String>> ours = sql.rows("SELECT i, predicted_y_probs[1].prob FROM ML.PREDICT(MODEL b,"
                + " TABLE points) ORDER BY i");

        float[][] theirs = direct(Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.3,
                "lambda", 1, "tree_method", "hist", "seed", 3, "eval_metric", "logloss"), "y", 15);

        assertThat(ours).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(Double.parseDouble(ours.get(i).get(1))).as("row %d", i)
                    .isCloseTo(theirs[i][0], within(1e-7));
        }
    }

    @Test
    void regressorPredictionsEqualXgboostCalledDirectly() throws XGBoostError {
        sql.summary("CREATE MODEL r OPTIONS (model_type = 'boosted_tree_regressor', input_label_cols = ['target'],"
                + " data_split_method = 'no_split', max_iterations = 10, early_stop = false, max_tree_depth = 4,"
                + " learn_rate = 0.5, subsample = 0.8, seed = 11) AS SELECT x1, x2, target FROM points");
        List<List<String>> ours = sql.rows("SELECT i, predicted_target FROM ML.PREDICT(MODEL r, TABLE points)"
                + " ORDER BY i");

        float[][] theirs = direct(Map.of("objective", "reg:squarederror", "max_depth", 4, "eta", 0.5,
                "subsample", 0.8, "lambda", 1, "tree_method", "hist", "seed", 11), "target", 10);

        for (int i = 0; i < ROWS; i++) {
            assertThat(Double.parseDouble(ours.get(i).get(1))).as("row %d", i)
                    .isCloseTo(theirs[i][0], within(1e-7 * Math.max(1, Math.abs(theirs[i][0]))));
        }
    }

    /** XGBoost4J on the same rows (x1, x2 with NaN for NULL), the same parameters, the same rounds. */
    private float[][] direct(Map<String, Object> parameters, String label, int rounds) throws XGBoostError {
        try (DirectXgboost direct = DirectXgboost.train(sql, "SELECT x1, x2, " + label + " FROM points ORDER BY i",
                parameters, rounds)) {
            return direct.predict();
        }
    }

    @Test
    void exportsAnXgboostModelThatXgboostLoadsAndScoresIdentically() throws Exception {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['y'],"
                + " data_split_method = 'no_split', max_iterations = 5) AS SELECT x1, x2, y FROM points");

        assertThat(sql.summary("EXPORT MODEL b TO 'b/model.json' OPTIONS (format = 'xgboost_json')"))
                .isEqualTo("Exported version 1 of model b to " + directory.resolve("exports/b/model.json"));
        Booster loaded = XGBoost.loadModel(directory.resolve("exports/b/model.json").toString());
        DMatrix one = new DMatrix(new float[] {3.5f, Float.NaN}, 1, 2, Float.NaN);
        float expected = loaded.predict(one)[0][0];
        loaded.dispose();
        one.dispose();

        assertThat(Double.parseDouble(sql.rows("SELECT predicted_y_probs[1].prob FROM ML.PREDICT(MODEL b,"
                + " (SELECT 3.5 AS x1, NULL::DOUBLE AS x2))").get(0).get(0))).isCloseTo(expected, within(1e-7));
    }

    @Test
    void storedMetricsEqualTheMetricsOfTheSqlScoring() {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['y'],"
                + " data_split_method = 'no_split', early_stop = false) AS SELECT x1, x2, colour, y FROM points");

        List<String> stored = sql.rows("SELECT * FROM ML.EVALUATE(MODEL b)").get(0);
        List<String> recomputed = sql.rows("SELECT * FROM ML.EVALUATE(MODEL b, TABLE points)").get(0);

        for (int i = 0; i < 6; i++) {
            assertThat(Double.parseDouble(recomputed.get(i))).as("metric %d", i)
                    .isCloseTo(Double.parseDouble(stored.get(i)), within(1e-9));
        }
        assertThat(Double.parseDouble(stored.get(2))).as("accuracy").isGreaterThan(0.95);
    }

    @Test
    void multiclassForestPredictsEveryClassWithProbabilitiesSummingToOne() {
        assertThat(sql.summary("CREATE MODEL f OPTIONS (model_type = 'random_forest_classifier',"
                + " input_label_cols = ['colour'], data_split_method = 'no_split', num_parallel_tree = 20) AS"
                + " SELECT x1, i % 3 AS k, colour FROM points"))
                .startsWith("Created model f version 1 (random_forest_classifier, 400 training rows, 0 evaluation"
                        + " rows, roc_auc 1.000000");

        assertThat(sql.rows("SELECT count(*), min(round(list_sum(list_transform(predicted_colour_probs,"
                + " lambda p: p.prob)), 6)), count(*) FILTER (WHERE predicted_colour = colour)"
                + " FROM ML.PREDICT(MODEL f, (SELECT x1, i % 3 AS k, colour FROM points))"))
                .containsExactly(List.of("400", "1.0", "400"));
        assertThat(sql.rows("SELECT expected_label, blue, green, red FROM ML.CONFUSION_MATRIX(MODEL f,"
                + " (SELECT x1, i % 3 AS k, colour FROM points))")).containsExactly(List.of("blue", "133", "0", "0"),
                List.of("green", "0", "133", "0"), List.of("red", "0", "0", "134"));
    }

    @Test
    void featureImportanceRanksTheInputThatDrivesTheLabel() {
        sql.summary("CREATE MODEL r OPTIONS (model_type = 'boosted_tree_regressor', input_label_cols = ['target'],"
                + " data_split_method = 'no_split') AS SELECT x1, x2, colour, target FROM points");

        List<List<String>> rows = sql.rows("SELECT feature, importance_weight > 0 FROM ML.FEATURE_IMPORTANCE(MODEL r)"
                + " ORDER BY importance_gain DESC");

        assertThat(rows).extracting(r -> r.get(0)).containsExactlyInAnyOrder("x1", "x2", "colour");
        assertThat(rows.get(0)).containsExactly("x1", "true");
        assertThat(sql.columnNames("SELECT * FROM ML.FEATURE_IMPORTANCE(MODEL r)"))
                .containsExactly("feature", "importance_weight", "importance_gain", "importance_cover");
    }

    @Test
    void recordsEachRoundAndStopsEarlyOnTheEvaluationLoss() {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['y'],"
                + " max_iterations = 50, min_rel_progress = 0.05, data_split_method = 'random') AS"
                + " SELECT x1, x2, y FROM points");

        List<List<String>> info = sql.rows("SELECT iteration, eval_loss IS NOT NULL, learning_rate"
                + " FROM ML.TRAINING_INFO(MODEL b) ORDER BY iteration");

        assertThat(info.size()).isBetween(2, 49);
        assertThat(info.get(0)).containsExactly("0", "true", "0.3");
    }

    @Test
    void rejectsOptionsOfOtherModelTypesAndBadValues() {
        assertThatThrownBy(() -> sql.summary("CREATE MODEL f OPTIONS (model_type = 'random_forest_regressor',"
                + " input_label_cols = ['target'], learn_rate = 0.1) AS SELECT x1, target FROM points"))
                .hasMessageStartingWith("CREATE MODEL: unknown option 'learn_rate' for model_type"
                        + " 'random_forest_regressor'; allowed: ");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_regressor',"
                + " input_label_cols = ['target'], subsample = 0) AS SELECT x1, target FROM points"))
                .hasMessageContaining("subsample").hasMessageContaining("a fraction above 0");
    }

    @Test
    void linearFunctionsSayTheyAreForLinearModels() {
        sql.summary("CREATE MODEL r OPTIONS (model_type = 'boosted_tree_regressor', input_label_cols = ['target'])"
                + " AS SELECT x1, target FROM points");

        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.WEIGHTS(MODEL r)"))
                .hasMessage("ML.WEIGHTS is for linear_reg and logistic_reg models; model 'r' is"
                        + " boosted_tree_regressor");
    }
}
