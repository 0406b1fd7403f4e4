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
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** CREATE MODEL linear_reg, the registry and the ML functions, end to end on DuckDB. */
class LinearRegressionTest {
    /** y = 3 + 2 x1 - 0.5 x2 + 4 [shop = 'b'], exactly, with 10 rows per shop. */
    private static final String DATA = "CREATE TABLE sales AS SELECT i::DOUBLE AS x1, (i * i % 7)::INTEGER AS x2,"
            + " CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS shop,"
            + " 3 + 2 * i - 0.5 * (i * i % 7) + CASE WHEN i % 2 = 0 THEN 0 ELSE 4 END AS y FROM range(20) t(i)";

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

    private void createModel() {
        assertThat(sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'])"
                + " AS SELECT x1, x2, shop, y FROM sales")).startsWith("Created model m version 1 (linear_reg, 20"
                + " training rows, 0 evaluation rows, r2_score 1.000000)");
    }

    @Test
    void recoversExactWeightsOnTheOriginalScale() {
        createModel();

        List<List<String>> weights = sql.rows("SELECT processed_input, weight, category_weights FROM ML.WEIGHTS(MODEL m)");

        assertThat(weights).extracting(r -> r.get(0)).containsExactly("x1", "x2", "shop", "__INTERCEPT__");
        assertThat(Double.parseDouble(weights.get(0).get(1))).isCloseTo(2.0, within(1e-9));
        assertThat(Double.parseDouble(weights.get(1).get(1))).isCloseTo(-0.5, within(1e-9));
        assertThat(weights.get(2).get(1)).isEqualTo("null");
        assertThat(weights.get(2).get(2)).startsWith("[{category=a, weight=0.0}, {category=b, weight=4.0");
        assertThat(Double.parseDouble(weights.get(3).get(1))).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void predictsAnywhereATableCanStand() {
        createModel();

        assertThat(sql.rows("WITH scored AS (SELECT * FROM ML.PREDICT(MODEL m, TABLE sales))"
                + " SELECT count(*), max(abs(predicted_y - y)) < 1e-9 FROM scored"))
                .containsExactly(List.of("20", "true"));
        assertThat(sql.rows("SELECT round(p.predicted_y, 6), s.shop FROM sales s JOIN ML.PREDICT(MODEL m,"
                + " (SELECT 100.0 AS x1, 0 AS x2, 'b' AS shop)) p ON s.shop = p.shop LIMIT 1"))
                .containsExactly(List.of("207.0", "b"));
        sql.summary("CREATE TABLE predictions AS SELECT predicted_y FROM ML.PREDICT(MODEL m, TABLE sales)");
        assertThat(sql.rows("SELECT count(*) FROM predictions")).containsExactly(List.of("20"));
        sql.summary("INSERT INTO predictions SELECT predicted_y FROM ML.PREDICT(MODEL m, (SELECT * FROM sales"
                + " WHERE x1 < 5))");
        assertThat(sql.rows("SELECT count(*) FROM predictions")).containsExactly(List.of("25"));
        assertThat(sql.rows("SELECT (SELECT count(*) FROM ML.WEIGHTS(MODEL m)), count(*) FROM ML.PREDICT(MODEL m,"
                + " TABLE sales) JOIN ML.FEATURE_INFO(MODEL m) f ON f.input = 'shop'"))
                .containsExactly(List.of("4", "20"));
    }

    @Test
    void evaluatesStoredAndOnNewDataNestingPredict() {
        createModel();

        assertThat(sql.rows("SELECT round(r2_score, 9), round(mean_absolute_error, 9) FROM ML.EVALUATE(MODEL m)"))
                .containsExactly(List.of("1.0", "0.0"));
        assertThat(sql.rows("SELECT round(mean_absolute_error, 6) FROM ML.EVALUATE(MODEL m,"
                + " (SELECT x1, x2, shop, predicted_y + 1 AS y FROM ML.PREDICT(MODEL m, TABLE sales)))"))
                .containsExactly(List.of("1.0"));
    }

    @Test
    void keepsVersionsAndTheirProvenanceAcrossSessions() {
        createModel();
        assertThat(sql.summary("CREATE OR REPLACE MODEL m OPTIONS (model_type = 'linear_reg',"
                + " input_label_cols = ['y'], l2_reg = 0.5) AS SELECT x1, y FROM sales"))
                .startsWith("Created model m version 2");
        assertThat(sql.summary("CREATE MODEL IF NOT EXISTS m OPTIONS (model_type = 'linear_reg') AS SELECT 1"))
                .isEqualTo("Model m already exists; nothing done");

        try (SqlRunner other = new SqlRunner(sql.lisiere().openSession())) {
            assertThat(other.rows("SHOW MODELS")).extracting(r -> r.subList(0, 4))
                    .containsExactly(List.of("m", "linear_reg", "2", "2"));
        }
        assertThat(sql.rows("SELECT processed_input FROM ML.WEIGHTS(MODEL m)"))
                .containsExactly(List.of("x1"), List.of("__INTERCEPT__"));
        assertThat(sql.summary("DROP MODEL m")).isEqualTo("Dropped model m");
        assertThat(sql.rows("SHOW MODELS")).isEmpty();
        assertThat(sql.summary("DROP MODEL IF EXISTS m")).isEqualTo("Model m does not exist; nothing done");
    }

    @Test
    void rejectsAnExistingModelWithoutOrReplace() {
        createModel();

        LisiereException e = sql.failure("CREATE MODEL m OPTIONS (model_type = 'linear_reg') AS SELECT 1 AS label");

        assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(e.getMessage()).isEqualTo("Model 'm' already exists; use CREATE OR REPLACE MODEL to train a new"
                + " version");
    }

    @Test
    void rejectsUnknownOptionsAndModelTypesNamingWhatIsAllowed() {
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg', learn_rate = 0.1)"
                + " AS SELECT x1, y AS label FROM sales"))
                .hasMessage("CREATE MODEL: unknown option 'learn_rate' for model_type 'linear_reg'; allowed:"
                        + " auto_deploy, calculate_p_values, category_encoding_method, data_split_col,"
                        + " data_split_eval_fraction, data_split_method, early_stop, enable_global_explain,"
                        + " fit_intercept, input_label_cols, l1_reg, l2_reg, max_iterations, min_rel_progress,"
                        + " model_type, optimize_strategy, seed");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear', input_label_cols = ['y'])"
                + " AS SELECT x1, y FROM sales"))
                .hasMessage("Option 'model_type': 'linear' is not allowed; expected one of 'linear_reg',"
                        + " 'logistic_reg', 'kmeans', 'boosted_tree_classifier', 'boosted_tree_regressor',"
                        + " 'random_forest_classifier', 'random_forest_regressor', 'xgboost', 'onnx' (the model types this"
                        + " version trains or imports)");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg', data_split_method ="
                + " 'sideways') AS SELECT x1, y AS label FROM sales"))
                .hasMessage("Option 'data_split_method': 'sideways' is not allowed; expected one of 'auto_split',"
                        + " 'random', 'custom', 'seq', 'no_split'");
    }

    @Test
    void namesAMissingLabelColumn() {
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg') AS"
                + " SELECT x1, y FROM sales"))
                .hasMessage("Model 'm' expects label column 'label' but the query has no such column (columns: x1,"
                        + " y); name it with input_label_cols");
    }

    @Test
    void unknownModelInAFunctionIsNamed() {
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.PREDICT(MODEL nope, TABLE sales)"))
                .isInstanceOfSatisfying(LisiereException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_OBJECT))
                .hasMessage("Model 'nope' does not exist");
    }

    @Test
    void splitsRandomlyWithTheSeedAndEvaluatesOnTheHeldOutRows() {
        assertThat(sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'],"
                + " data_split_method = 'random', data_split_eval_fraction = 0.25, seed = 7)"
                + " AS SELECT x1, x2, shop, y FROM sales"))
                .startsWith("Created model m version 1 (linear_reg, 15 training rows, 5 evaluation rows");
    }

    @Test
    void rollsBackToAnOlderVersionAndDescribesTheModel() {
        createModel();
        sql.summary("CREATE OR REPLACE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'])"
                + " AS SELECT x1, y FROM sales");

        assertThat(sql.summary("ALTER MODEL m SET ACTIVE VERSION 1")).isEqualTo("Model m now serves version 1");
        assertThat(sql.rows("SELECT count(*) FROM ML.WEIGHTS(MODEL m)")).containsExactly(List.of("4"));
        assertThat(sql.summary("DROP MODEL m VERSION 2")).isEqualTo("Dropped version 2 of model m");
        List<List<String>> description = sql.rows("DESCRIBE MODEL m");
        assertThat(description).contains(List.of("model", "active_version", "1"),
                List.of("option", "l2_reg", "0"), List.of("feature", "shop", "categorical (2 values)"),
                List.of("provenance", "training_rows", "20"), List.of("provenance", "seed", "42"));
        assertThat(description).filteredOn(r -> r.get(0).equals("version")).hasSize(1);
    }

    @Test
    void rejectsSettingsTheFunctionDoesNotTakeAndExportFormatsNotBuiltYet() {
        createModel();

        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.PREDICT(MODEL m, TABLE sales, STRUCT(0.6 AS threshold))"))
                .hasMessage("ML.PREDICT: unknown setting 'threshold'; allowed: keep_original_columns");
        assertThat(sql.rows("SELECT * FROM ML.PREDICT(MODEL m, (SELECT 1.0 AS x1, 2.0 AS x2, 'a' AS shop),"
                + " {'keep_original_columns': false})")).hasSize(1).allSatisfy(row -> assertThat(row).hasSize(1));
        assertThatThrownBy(() -> sql.summary("EXPORT MODEL m TO 'm.onnx' OPTIONS (format = 'onnx')"))
                .isInstanceOfSatisfying(LisiereException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION))
                .hasMessage("EXPORT MODEL: format 'onnx' is available for imported ONNX models in this version; model"
                        + " 'm' is linear_reg: export it as 'lisiere' (the model file itself)");
        assertThatThrownBy(() -> sql.summary("EXPORT MODEL m TO 'm.json' OPTIONS (format = 'xgboost_json')"))
                .hasMessage("EXPORT MODEL: format 'xgboost_json' is for boosted tree and random forest models;"
                        + " model 'm' is linear_reg");
    }

    @Test
    void givesACollinearInputWeightZeroAsR() {
        sql.summary("CREATE MODEL twice OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'],"
                + " calculate_p_values = true) AS SELECT x1, x1 * 2 AS x1_doubled, x2, y FROM sales");

        assertThat(sql.rows("SELECT processed_input, weight = 0, isnan(standard_error) FROM"
                + " ML.ADVANCED_WEIGHTS(MODEL twice) WHERE processed_input LIKE 'x1%' ORDER BY 1"))
                .containsExactly(List.of("x1", "false", "false"), List.of("x1_doubled", "true", "true"));
    }

    @Test
    void anL1PenaltySetsSmallWeightsToExactlyZero() {
        sql.summary("CREATE MODEL sparse OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'], l1_reg = 1000,"
                + " early_stop = false, max_iterations = 200) AS SELECT x1, x2, y FROM sales");

        assertThat(sql.rows("SELECT count(*) FILTER (WHERE weight = 0) FROM ML.WEIGHTS(MODEL sparse)"
                + " WHERE processed_input <> '__INTERCEPT__'")).containsExactly(List.of("2"));
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.ADVANCED_WEIGHTS(MODEL sparse)"))
                .hasMessage("ML.ADVANCED_WEIGHTS needs a model trained with OPTIONS (calculate_p_values = true);"
                        + " model 'sparse' was not");
    }

    @Test
    void exportsAModelFileThatStaysInsideTheExportsFolder() throws java.io.IOException {
        createModel();

        assertThat(sql.summary("EXPORT MODEL m TO 'shared/m.json'")).isEqualTo("Exported version 1 of model m to "
                + directory.resolve("exports/shared/m.json").toAbsolutePath());
        assertThat(java.nio.file.Files.readString(directory.resolve("exports/shared/m.json")))
                .contains("\"formatVersion\" : 5", "\"modelType\" : \"linear_reg\"");
        assertThatThrownBy(() -> sql.summary("EXPORT MODEL m TO '../../etc/m.json'"))
                .hasMessage("EXPORT MODEL: the path '../../etc/m.json' must be relative and stay inside the exports"
                        + " folder of the data directory");
        assertThatThrownBy(() -> sql.summary("EXPORT MODEL m VERSION 7 TO 'm.json'"))
                .hasMessage("Model 'm' has no version 7");
    }

    @Test
    void fingerprintsTheTrainingDataNotTheStatement() {
        sql.summary("CREATE MODEL a OPTIONS (model_type = 'linear_reg', input_label_cols = ['y']) AS"
                + " SELECT x1, x2, shop, y FROM sales");
        sql.summary("CREATE MODEL b OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'], l2_reg = 1) AS"
                + " SELECT x1, x2, shop, y FROM sales ORDER BY x1");
        sql.summary("CREATE MODEL c OPTIONS (model_type = 'linear_reg', input_label_cols = ['y']) AS"
                + " SELECT x1, x2, shop, CASE WHEN x1 = 3 THEN y + 1 ELSE y END AS y FROM sales");

        String a = fingerprint("a");

        assertThat(a).startsWith("sha256-columns:").hasSize("sha256-columns:".length() + 64);
        assertThat(fingerprint("b")).isEqualTo(a);
        assertThat(fingerprint("c")).isNotEqualTo(a);
    }

    @Test
    void fingerprintFollowsTheDocumentedDefinition() {
        sql.summary("CREATE TABLE tiny AS SELECT * FROM (VALUES (1.5::DOUBLE, 'a', 1::BIGINT), (NULL, NULL, 2),"
                + " (2.5, 'b', 4)) t(x, s, y)");
        sql.summary("CREATE MODEL tiny_model OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'],"
                + " data_split_method = 'no_split') AS SELECT * FROM tiny");

        // docs/model-format.md, computed independently with Python's hashlib and struct.
        assertThat(fingerprint("tiny_model"))
                .isEqualTo("sha256-columns:7780fb4cd3b2bfa9c44f1a30016b9ea9fa12b8fd8cb755e77220485fb4111d95");
    }

    private String fingerprint(String model) {
        return sql.rows("DESCRIBE MODEL " + model).stream().filter(r -> r.get(1).equals("data_fingerprint"))
                .findFirst().orElseThrow().get(2);
    }

    @Test
    void namesAnInputColumnTheDataLacks() {
        createModel();

        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.PREDICT(MODEL m, (SELECT 1.0 AS x1, 'a' AS shop))"))
                .hasMessage("Model 'm' expects column 'x2' (numeric) but the input of ML.PREDICT has no such column;"
                        + " it has: x1, shop");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.EVALUATE(MODEL m, (SELECT x1, x2, shop FROM sales))"))
                .hasMessage("Model 'm' expects column 'y' (the label) but the input of ML.EVALUATE has no such"
                        + " column; it has: x1, x2, shop");
    }
}
