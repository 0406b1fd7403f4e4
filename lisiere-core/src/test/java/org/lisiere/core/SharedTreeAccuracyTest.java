package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy of boosted trees and random forests on real data sets, against the references of
 * {@code shared/datasets/CATALOG.md}: UCI Adult (Kohavi 1996: NBTree 85.90 %, C4.5 84.46 % accuracy) and California
 * housing (Géron: random forest RMSE about 50,000).
 */
@Tag("shared")
class SharedTreeAccuracyTest {
    private static final Path TABULAR = TestDatasets.DATASETS.resolve("tabular");

    @TempDir
    Path directory;

    @Test
    void adultBoostedTreesAndForestBeatThePublishedTreeLearners() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO adult_train FROM '" + TABULAR.resolve("adult/adult_train.csv") + "'");
            sql.summary("LOAD DATA INTO adult_test FROM '" + TABULAR.resolve("adult/adult_test.csv") + "'");
            sql.summary("CREATE MODEL boosted OPTIONS (model_type = 'boosted_tree_classifier',"
                    + " input_label_cols = ['income'], max_iterations = 200, learn_rate = 0.1, early_stop = false) AS"
                    + " SELECT * EXCLUDE (fnlwgt)"
                    + " FROM adult_train");
            sql.summary("CREATE MODEL forest OPTIONS (model_type = 'random_forest_classifier',"
                    + " input_label_cols = ['income'], max_tree_depth = 12) AS SELECT * EXCLUDE (fnlwgt)"
                    + " FROM adult_train");

            assertThat(testAccuracy(sql, "boosted")).isGreaterThanOrEqualTo(0.868);
            assertThat(testAccuracy(sql, "forest")).isGreaterThanOrEqualTo(0.855);
        }
    }

    private static double testAccuracy(SqlRunner sql, String model) {
        return Double.parseDouble(sql.rows("SELECT accuracy FROM ML.EVALUATE(MODEL " + model
                + ", (SELECT * EXCLUDE (fnlwgt) FROM adult_test))").get(0).get(0));
    }

    /** An 80/20 split seeded by a hash of the row: boosted trees RMSE ≤ 50,000, random forest ≤ 52,000. */
    @Test
    void californiaHousingRmseWithinTheReferences() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO housing FROM '" + TABULAR.resolve("california_housing/housing.csv") + "'");
            sql.summary("CREATE TABLE split AS SELECT *, hash(longitude, latitude, housing_median_age, total_rooms,"
                    + " population, median_income) % 5 = 0 AS held_out FROM housing");
            sql.summary("CREATE MODEL boosted OPTIONS (model_type = 'boosted_tree_regressor',"
                    + " input_label_cols = ['median_house_value'], max_iterations = 300, learn_rate = 0.1,"
                    + " early_stop = false, data_split_method = 'no_split') AS SELECT * EXCLUDE (held_out)"
                    + " FROM split WHERE NOT held_out");
            sql.summary("CREATE MODEL forest OPTIONS (model_type = 'random_forest_regressor',"
                    + " input_label_cols = ['median_house_value'], max_tree_depth = 18, data_split_method ="
                    + " 'no_split') AS SELECT * EXCLUDE (held_out) FROM split WHERE NOT held_out");

            assertThat(rmse(sql, "boosted")).isLessThanOrEqualTo(50_000);
            assertThat(rmse(sql, "forest")).isLessThanOrEqualTo(52_000);
        }
    }

    private static double rmse(SqlRunner sql, String model) {
        return Math.sqrt(Double.parseDouble(sql.rows("SELECT mean_squared_error FROM ML.EVALUATE(MODEL " + model
                + ", (SELECT * EXCLUDE (held_out) FROM split WHERE held_out))").get(0).get(0)));
    }
}
