package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE MODEL … OPTIONS (model_type = 'xgboost', model_path = …): models trained by XGBoost itself. */
class ModelImportTest {
    private static final int ROWS = 300;
    private static final String DATA = "CREATE TABLE points AS SELECT i, (i * 37 % 101) / 10.0 AS x1,"
            + " CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 53 % 89) / 8.9 END AS x2,"
            + " ((i * 37 % 101) / 10.0 + coalesce((i * 53 % 89) / 8.9, 5) > 10)::INT AS y, i % 3 AS k"
            + " FROM range(" + ROWS + ") t(i)";

    @TempDir
    Path directory;

    private SqlRunner sql;

    @BeforeEach
    void open() {
        sql = SqlRunner.inMemory(directory.resolve("data"));
        sql.summary(DATA);
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void importsAJsonBinaryClassifierThatScoresAsXgboostDoes() throws Exception {
        Path file = directory.resolve("binary.json");
        float[][] expected;
        try (DirectXgboost direct = DirectXgboost.train(sql, "SELECT x1, x2, y FROM points ORDER BY i",
                Map.of("objective", "binary:logistic", "max_depth", 4, "seed", 1), 12, true)) {
            direct.save(file);
            expected = direct.predict();
        }

        assertThat(sql.summary("CREATE MODEL imported OPTIONS (model_type = 'xgboost', model_path = '" + file + "')"))
                .isEqualTo("Imported model imported version 1 (xgboost: binary:logistic, 12 trees, 2 features)");
        List<List<String>> ours = sql.rows("SELECT predicted_label, predicted_label_probs[1].label,"
                + " predicted_label_probs[1].prob FROM ML.PREDICT(MODEL imported, TABLE points) ORDER BY i");

        for (int i = 0; i < ROWS; i++) {
            assertThat(ours.get(i).get(1)).isEqualTo("1");
            assertThat(Double.parseDouble(ours.get(i).get(2))).as("row %d", i).isCloseTo(expected[i][0],
                    within(1e-7));
            assertThat(ours.get(i).get(0)).isEqualTo(expected[i][0] >= 0.5 ? "1" : "0");
        }
        assertThat(sql.rows("SELECT max(approximation_error) < 1e-9 FROM ML.EXPLAIN_PREDICT(MODEL imported,"
                + " TABLE points)")).containsExactly(List.of("true"));
        assertThat(sql.rows("SELECT accuracy > 0.9 FROM ML.EVALUATE(MODEL imported, (SELECT x1, x2, y AS label"
                + " FROM points))")).containsExactly(List.of("true"));
    }

    @Test
    void importsAUbjMulticlassModelWithoutFeatureNames() throws Exception {
        Path file = directory.resolve("multi.ubj");
        float[][] expected;
        try (DirectXgboost direct = DirectXgboost.train(sql, "SELECT x1, x2, k FROM points ORDER BY i",
                Map.of("objective", "multi:softprob", "num_class", 3, "max_depth", 3, "seed", 1), 5)) {
            direct.save(file);
            expected = direct.predict();
        }
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) '{');

        assertThat(sql.summary("CREATE MODEL m OPTIONS (model_type = 'xgboost', model_path = '" + file + "')"))
                .isEqualTo("Imported model m version 1 (xgboost: multi:softprob, 15 trees, 2 features)");
        List<List<String>> ours = sql.rows("SELECT list_transform(list_sort(predicted_label_probs),"
                + " lambda p: p.prob) FROM ML.PREDICT(MODEL m, (SELECT i, x1 AS f0, x2 AS f1 FROM points)) ORDER BY i");

        for (int i = 0; i < ROWS; i++) {
            List<Double> probabilities = java.util.Arrays.stream(ours.get(i).get(0).replaceAll("[\\[\\]]", "")
                    .split(", ")).map(Double::parseDouble).toList();
            for (int c = 0; c < 3; c++) {
                assertThat(probabilities.get(c)).as("row %d class %d", i, c).isCloseTo(expected[i][c], within(1e-6));
            }
        }
    }

    @Test
    void rejectsWhatCannotBeImported() throws Exception {
        Path text = Files.writeString(directory.resolve("not-a-model.json"), "{\"hello\": 1}");

        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'xgboost')"))
                .hasMessage("CREATE MODEL m: model_type 'xgboost' needs model_path, the XGBoost model file (JSON or"
                        + " UBJ) to import");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'xgboost', model_path = '"
                + directory.resolve("missing.json") + "')"))
                .hasMessage("CREATE MODEL m: model_path '" + directory.resolve("missing.json") + "' is not a file");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'xgboost', model_path = '" + text
                + "')")).hasMessage("CREATE MODEL m: model_path '" + text + "' is not an importable XGBoost model:"
                        + " it has no learner.gradient_booster");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'xgboost', model_path = '" + text
                + "') AS SELECT 1")).hasMessage("CREATE MODEL m: model_type 'xgboost' imports the model in"
                        + " model_path and takes no AS query");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m OPTIONS (model_type = 'linear_reg')"))
                .hasMessage("CREATE MODEL m: model_type 'linear_reg' trains on the rows of a query: add AS SELECT"
                        + " ... after OPTIONS (...)");
        assertThat(sql.rows("SHOW MODELS")).isEmpty();
    }
}
