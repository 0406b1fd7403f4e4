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
    void trainsAMulticlassModelWhoseSqlAgreesWithItsStoredMetrics() {
        assertThat(sql.summary("CREATE MODEL tier OPTIONS (model_type = 'logistic_reg', input_label_cols = ['tier'],"
                + " data_split_method = 'no_split', l2_reg = 0.1) AS SELECT complaints, plan,"
                + " CASE WHEN complaints + (i % 4) < 5 THEN 'low' WHEN complaints + (i % 4) < 9 THEN 'mid'"
                + " ELSE 'high' END AS tier FROM customers"))
                .startsWith("Created model tier version 1 (logistic_reg, 300 training rows, 0 evaluation rows, roc_auc");

        List<List<String>> predictions = sql.rows("SELECT predicted_tier, len(predicted_tier_probs),"
                + " round(list_sum(list_transform(predicted_tier_probs, lambda p: p.prob)), 12)"
                + " FROM ML.PREDICT(MODEL tier, (SELECT 0.0 AS complaints, 'premium' AS plan UNION ALL"
                + " SELECT 10.0, 'basic')) ORDER BY 1");
        assertThat(predictions).containsExactly(List.of("high", "3", "1.0"), List.of("low", "3", "1.0"));
        List<String> stored = sql.rows("SELECT * FROM ML.EVALUATE(MODEL tier)").get(0);
        List<String> recomputed = sql.rows("SELECT * FROM ML.EVALUATE(MODEL tier, (SELECT complaints, plan,"
                + " CASE WHEN complaints + (i % 4) < 5 THEN 'low' WHEN complaints + (i % 4) < 9 THEN 'mid'"
                + " ELSE 'high' END AS tier FROM customers))").get(0);
        for (int i = 0; i < 6; i++) {
            assertThat(Double.parseDouble(recomputed.get(i))).as("metric %d", i)
                    .isCloseTo(Double.parseDouble(stored.get(i)), within(1e-9));
        }
        assertThat(sql.rows("SELECT DISTINCT class_label FROM ML.WEIGHTS(MODEL tier) ORDER BY 1"))
                .containsExactly(List.of("high"), List.of("low"), List.of("mid"));
    }

    @Test
    void confusionMatrixCountsEveryRowOnceWithAColumnPerLabel() {
        List<List<String>> matrix = sql.rows("SELECT * FROM ML.CONFUSION_MATRIX(MODEL churn, TABLE customers)");
        long total = matrix.stream().mapToLong(r -> Long.parseLong(r.get(1)) + Long.parseLong(r.get(2))).sum();

        assertThat(sql.columnNames("SELECT * FROM ML.CONFUSION_MATRIX(MODEL churn, TABLE customers)"))
                .containsExactly("expected_label", "no", "yes");
        assertThat(matrix).extracting(r -> r.get(0)).containsExactly("no", "yes");
        assertThat(total).isEqualTo(300);
        List<String> everythingPositive = sql.rows("SELECT \"no\", yes FROM ML.CONFUSION_MATRIX(MODEL churn,"
                + " TABLE customers, STRUCT(0.0 AS threshold)) WHERE expected_label = 'no'").get(0);
        assertThat(everythingPositive.get(0)).isEqualTo("0");
    }

    @Test
    void rocCurveMovesFromAllPositiveToAllNegative() {
        List<List<String>> curve = sql.rows("SELECT threshold, recall, false_positive_rate, true_positives,"
                + " false_positives, true_negatives, false_negatives FROM ML.ROC_CURVE(MODEL churn, TABLE customers,"
                + " GENERATE_ARRAY(0.0, 1.0, 0.5))");

        assertThat(curve).hasSize(3);
        assertThat(curve.get(0).subList(0, 3)).containsExactly("0.0", "1.0", "1.0");
        assertThat(curve.get(2).get(1)).isEqualTo("0.0");
        assertThat(sql.rows("SELECT count(*) > 10 FROM ML.ROC_CURVE(MODEL churn, TABLE customers)"))
                .containsExactly(List.of("true"));
    }

    @Test
    void aHigherThresholdPredictsThePositiveClassLessOften() {
        String positives = "SELECT count(*) FILTER (WHERE predicted_churned = 'yes') FROM ML.PREDICT(MODEL churn,"
                + " TABLE customers%s)";
        long atDefault = Long.parseLong(sql.rows(String.format(positives, "")).get(0).get(0));
        long atHigh = Long.parseLong(sql.rows(String.format(positives, ", STRUCT(0.9 AS threshold)")).get(0).get(0));

        assertThat(atHigh).isLessThan(atDefault);
        assertThatThrownBy(() -> sql.rows(String.format(positives, ", STRUCT(1.5 AS threshold)")))
                .hasMessage("ML.PREDICT: setting 'threshold' is 1.5; expected a number from 0.0 to 1.0");
    }

    @Test
    void classWeightsMustNameEveryLabel() {
        assertThatThrownBy(() -> sql.summary("CREATE OR REPLACE MODEL churn OPTIONS (model_type = 'logistic_reg',"
                + " input_label_cols = ['churned'], class_weights = [STRUCT('yes', 3.0)]) AS SELECT complaints,"
                + " churned FROM customers"))
                .hasMessage("Model 'churn': class_weights has no weight for label 'no'; every label needs one"
                        + " (labels: no, yes)");
        assertThat(sql.summary("CREATE OR REPLACE MODEL churn OPTIONS (model_type = 'logistic_reg',"
                + " input_label_cols = ['churned'], class_weights = [STRUCT('yes', 3.0), STRUCT('no', 1)])"
                + " AS SELECT complaints, churned FROM customers")).startsWith("Created model churn version 2");
        assertThat(sql.rows("DESCRIBE MODEL churn")).contains(List.of("option", "class_weights",
                "[STRUCT('yes', 3.0), STRUCT('no', 1.0)]"));
    }

    @Test
    void recordsTrainingIterationsAndFeatureStatistics() {
        List<List<String>> info = sql.rows("SELECT training_run, iteration, loss > 0, eval_loss IS NULL"
                + " FROM ML.TRAINING_INFO(MODEL churn)");
        assertThat(info).isNotEmpty();
        assertThat(info.get(0)).containsExactly("0", "0", "true", "true");
        assertThat(sql.rows("SELECT input, min, max, category_count, null_count FROM ML.FEATURE_INFO(MODEL churn)"
                + " ORDER BY input")).containsExactly(List.of("complaints", "0.0", "10.0", "null", "0"),
                        List.of("plan", "null", "null", "2", "0"));
    }
}
