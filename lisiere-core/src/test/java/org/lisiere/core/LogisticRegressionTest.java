package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE MODEL logistic_reg (binary) and its ML functions, end to end on DuckDB. */
class LogisticRegressionTest {
    /** Churn-like data: churn is likelier with more complaints and on the 'basic' plan; overlapping classes. */
    private static final String DATA = "CREATE TABLE customers AS SELECT i, (i * 37 % 11)::DOUBLE AS complaints,"
            + " CASE WHEN i % 3 = 0 THEN 'basic' ELSE 'premium' END AS plan,"
            + " CASE WHEN (i * 37 % 11) + CASE WHEN i % 3 = 0 THEN 3 ELSE 0 END + (i * 17 % 7) > 10 THEN 'yes'"
            + " ELSE 'no' END AS churned FROM range(300) t(i)";

    @TempDir
    Path directory;

    private SqlRunner sql;

    @BeforeEach
    void open() {
        sql = SqlRunner.inMemory(directory);
        sql.summary(DATA);
        assertThat(sql.summary("CREATE MODEL churn OPTIONS (model_type = 'logistic_reg', input_label_cols ="
                + " ['churned'], data_split_method = 'no_split') AS SELECT complaints, plan, churned FROM customers"))
                .startsWith("Created model churn version 1 (logistic_reg, 300 training rows, 0 evaluation rows,"
                        + " roc_auc 0.");
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void predictsTheLabelAndBothProbabilities() {
        List<List<String>> rows = sql.rows("SELECT predicted_churned, predicted_churned_probs[1].label,"
                + " round(predicted_churned_probs[1].prob + predicted_churned_probs[2].prob, 12), complaints"
                + " FROM ML.PREDICT(MODEL churn, (SELECT 10.0 AS complaints, 'basic' AS plan"
                + " UNION ALL SELECT 0.0, 'premium')) ORDER BY complaints");

        assertThat(rows).containsExactly(List.of("no", "yes", "1.0", "0.0"), List.of("yes", "yes", "1.0", "10.0"));
    }

    @Test
    void evaluationInSqlAgreesWithTheMetricsComputedAtTraining() {
        List<String> stored = sql.rows("SELECT * FROM ML.EVALUATE(MODEL churn)").get(0);
        List<String> recomputed = sql.rows("SELECT * FROM ML.EVALUATE(MODEL churn, TABLE customers)").get(0);

        assertThat(sql.rows("SELECT * FROM ML.EVALUATE(MODEL churn)")).hasSize(1);
        for (int i = 0; i < 6; i++) {
            assertThat(Double.parseDouble(recomputed.get(i))).as("metric %d", i)
                    .isCloseTo(Double.parseDouble(stored.get(i)), within(1e-9));
        }
        assertThat(Double.parseDouble(stored.get(5))).isGreaterThan(0.8);
    }

    @Test
    void balancedClassWeightsAndOptionsAreRecorded() {
        sql.summary("CREATE OR REPLACE MODEL churn OPTIONS (model_type = 'logistic_reg', input_label_cols ="
                + " ['churned'], auto_class_weights = true, l2_reg = 1) AS SELECT complaints, plan, churned"
                + " FROM customers");

        assertThat(sql.rows("DESCRIBE MODEL churn")).contains(List.of("option", "auto_class_weights", "true"),
                List.of("option", "l2_reg", "1"), List.of("provenance", "training_rows", "300"));
        assertThat(sql.rows("SELECT count(*) FROM ML.WEIGHTS(MODEL churn)")).containsExactly(List.of("3"));
    }

    @Test
    void rejectsMoreThanTwoClassesForNow() {
        assertThatThrownBy(() -> sql.summary("CREATE MODEL multi OPTIONS (model_type = 'logistic_reg',"
                + " input_label_cols = ['c']) AS SELECT complaints, (i % 3)::VARCHAR AS c FROM customers"))
                .hasMessage("Model 'multi': label column 'c' has 3 classes; this version trains binary logistic_reg"
                        + " only");
    }
}
