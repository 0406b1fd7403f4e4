package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multiclass boosted trees on KDD Cup 1999 (intrusion detection): five trainings on 395,000 rows × 23 classes, about
 * 80 s on two cores.
 */
@Tag("shared")
class SharedIntrusionAccuracyTest {
    @TempDir
    Path directory;

    /**
     * KDD Cup 1999 10 % (494,021 connections, 23 classes, 3 categorical inputs): multiclass boosted trees, 5-fold
     * cross-validated accuracy ≥ 0.999. Folds are row number modulo 5 in file order.
     */
    @Test
    void kddCupIntrusionsAreClassifiedWithFiveFoldAccuracyAbove999() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO kdd FROM '"
                    + TestDatasets.DATASETS.resolve("security/kddcup99_10percent.csv.gz") + "'");
            sql.summary("CREATE TABLE folds AS SELECT *, row_number() OVER () % 5 AS fold FROM kdd");
            double sum = 0;
            for (int fold = 0; fold < 5; fold++) {
                sql.summary("CREATE OR REPLACE MODEL intrusions OPTIONS (model_type = 'boosted_tree_classifier',"
                        + " input_label_cols = ['label'], data_split_method = 'no_split', max_iterations = 10) AS"
                        + " SELECT * EXCLUDE (fold) FROM folds WHERE fold <> " + fold);
                double accuracy = Double.parseDouble(sql.rows("SELECT accuracy FROM ML.EVALUATE(MODEL intrusions,"
                        + " (SELECT * EXCLUDE (fold) FROM folds WHERE fold = " + fold + "))").get(0).get(0));
                assertThat(accuracy).as("fold %d", fold).isGreaterThan(0.998);
                sum += accuracy;
            }
            assertThat(sum / 5).isGreaterThanOrEqualTo(0.999);
        }
    }
}
