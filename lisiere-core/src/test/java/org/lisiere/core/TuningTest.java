package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hyper-parameter tuning with num_trials: the best trial becomes the model and ML.TRIAL_INFO lists them all. */
class TuningTest {
    /** A noisy linear relation: heavy L2 hurts the evaluation r2_score, so the search must prefer a small l2_reg. */
    private static final String DATA = "CREATE TABLE t AS SELECT i::DOUBLE AS x, (i * 7 % 13)::DOUBLE AS z,"
            + " 3 * i + (i * 7 % 13) + (i * 31 % 17) / 4.0 AS y FROM range(600) r(i)";

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
    void gridSearchKeepsTheBestTrial() {
        sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'], num_trials = 5,"
                + " hparam_tuning_algorithm = 'grid_search', l2_reg = HPARAM_CANDIDATES([100000, 0, 10])) AS"
                + " SELECT x, z, y FROM t");

        List<List<String>> trials = sql.rows("SELECT trial_id, hyperparameters.l2_reg, status, is_optimal,"
                + " hparam_tuning_evaluation_metrics.r2_score > 0.9 FROM ML.TRIAL_INFO(MODEL m) ORDER BY trial_id");

        assertThat(trials).containsExactly(List.of("1", "100000.0", "SUCCEEDED", "false", "false"),
                List.of("2", "0.0", "SUCCEEDED", "true", "true"), List.of("3", "10.0", "SUCCEEDED", "false", "true"));
        assertThat(sql.rows("DESCRIBE MODEL m")).contains(List.of("option", "l2_reg", "0"),
                List.of("option", "num_trials", "5"), List.of("option", "hparam_tuning_algorithm", "grid_search"),
                List.of("option", "hparam_space.l2_reg", "HPARAM_CANDIDATES([100000.0, 0.0, 10.0])"));
    }

    @Test
    void randomSearchIsSeededAndRecordsFailedTrials() {
        sql.summary("CREATE MODEL k OPTIONS (model_type = 'kmeans', num_trials = 4,"
                + " num_clusters = HPARAM_RANGE(2, 5), seed = 3) AS SELECT x, z FROM t");
        List<List<String>> first = sql.rows("SELECT hyperparameters.num_clusters FROM ML.TRIAL_INFO(MODEL k)");
        sql.summary("CREATE OR REPLACE MODEL k OPTIONS (model_type = 'kmeans', num_trials = 4,"
                + " num_clusters = HPARAM_RANGE(2, 5), seed = 3) AS SELECT x, z FROM t");

        assertThat(sql.rows("SELECT hyperparameters.num_clusters FROM ML.TRIAL_INFO(MODEL k)")).isEqualTo(first);
        assertThat(sql.rows("SELECT count(*) FILTER (WHERE is_optimal) FROM ML.TRIAL_INFO(MODEL k)"))
                .containsExactly(List.of("1"));
    }

    @Test
    void tunesTreeOptionsWithTheDefaultSpaceAndTheDefaultObjective() {
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'boosted_tree_regressor', input_label_cols = ['y'],"
                + " num_trials = 3, max_iterations = 5, seed = 11) AS SELECT x, z, y FROM t");

        assertThat(sql.rows("SELECT count(*), count(*) FILTER (WHERE is_optimal), count(DISTINCT"
                + " hyperparameters.max_tree_depth) >= 2, bool_and(hyperparameters.learn_rate > 0"
                + " AND hyperparameters.learn_rate <= 1 AND hyperparameters.subsample > 0"
                + " AND hyperparameters.max_tree_depth = round(hyperparameters.max_tree_depth)"
                + " AND hyperparameters.max_tree_depth BETWEEN 1 AND 10 AND hyperparameters.l2_reg <= 10)"
                + " FROM ML.TRIAL_INFO(MODEL b)")).containsExactly(List.of("3", "1", "true", "true"));
        assertThat(sql.rows("SELECT hparam_tuning_evaluation_metrics.r2_score = (SELECT max("
                + "hparam_tuning_evaluation_metrics.r2_score) FROM ML.TRIAL_INFO(MODEL b))"
                + " FROM ML.TRIAL_INFO(MODEL b) WHERE is_optimal")).containsExactly(List.of("true"));
        assertThat(sql.rows("DESCRIBE MODEL b")).contains(List.of("option", "hparam_tuning_objectives",
                "['r2_score']"), List.of("option", "hparam_space.max_tree_depth", "HPARAM_RANGE(1.0, 10.0)"));
    }

    @Test
    void gridSearchOverTreeDepthsTakesEveryInteger() {
        sql.summary("CREATE MODEL f OPTIONS (model_type = 'random_forest_classifier', input_label_cols = ['c'],"
                + " num_trials = 10, hparam_tuning_algorithm = 'grid_search', num_parallel_tree = 5,"
                + " max_tree_depth = HPARAM_RANGE(1, 3)) AS SELECT x, z, y > 900 AS c FROM t");

        assertThat(sql.rows("SELECT hyperparameters.max_tree_depth FROM ML.TRIAL_INFO(MODEL f) ORDER BY trial_id"))
                .containsExactly(List.of("1.0"), List.of("2.0"), List.of("3.0"));
        assertThat(sql.rows("DESCRIBE MODEL f")).contains(List.of("option", "hparam_tuning_objectives",
                "['roc_auc']"));
        assertThatThrownBy(() -> sql.summary("CREATE MODEL g OPTIONS (model_type = 'random_forest_regressor',"
                + " input_label_cols = ['y'], num_trials = 2, learn_rate = HPARAM_RANGE(0, 1)) AS SELECT x, y FROM t"))
                .hasMessage("Option 'learn_rate': HPARAM_RANGE is not allowed; expected a single value: this version"
                        + " tunes l1_reg, l2_reg, max_tree_depth, subsample, min_split_loss, num_parallel_tree,"
                        + " min_tree_child_weight, colsample_bytree, colsample_bylevel, colsample_bynode of"
                        + " random_forest_regressor");
    }

    @Test
    void rejectsRangesWithoutTrialsAndOptionsThatCannotBeTuned() {
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols ="
                + " ['y'], l2_reg = HPARAM_RANGE(0, 1)) AS SELECT x, y FROM t"))
                .hasMessage("Option 'l2_reg': HPARAM_RANGE is not allowed; expected a single value unless num_trials"
                        + " is set");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols ="
                + " ['y'], num_trials = 2, max_iterations = HPARAM_RANGE(1, 5)) AS SELECT x, y FROM t"))
                .hasMessage("Option 'max_iterations': HPARAM_RANGE is not allowed; expected a single value: this"
                        + " version tunes l1_reg, l2_reg of linear_reg");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.TRIAL_INFO(MODEL none_such)"))
                .hasMessage("Model 'none_such' does not exist");
    }
}
