package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CREATE MODEL … OPTIONS (model_type = 'onnx', model_path = …), scored by ONNX Runtime. The models are written by
 * {@code src/test/resources/onnx/generate.py} with known weights, so the expected outputs are computed here.
 */
class OnnxImportTest {
    private static final int ROWS = 500;
    private static final String DATA = "CREATE TABLE t AS SELECT i, (i % 17) / 4.0 AS x1, (i * 7 % 23) / 8.0 AS x2,"
            + " (i * 11 % 13) / 2.0 AS x3 FROM range(" + ROWS + ") r(i)";

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

    private static String model(String name) throws Exception {
        return Path.of(OnnxImportTest.class.getResource("/onnx/" + name).toURI()).toString();
    }

    @Test
    void importsALinearModelThatTakesAListColumn() throws Exception {
        assertThat(sql.summary("CREATE MODEL lin OPTIONS (model_type = 'onnx', model_path = '" + model("linear.onnx")
                + "')")).isEqualTo("Imported model lin version 1 (onnx: inputs input float[3]; outputs variable"
                        + " float)");

        List<List<String>> rows = sql.rows("SELECT variable, i, x1, x2, x3 FROM ML.PREDICT(MODEL lin,"
                + " (SELECT [x1, x2, x3] AS input, * FROM t)) ORDER BY i");

        assertThat(rows).hasSize(ROWS);
        for (List<String> row : rows) {
            double expected = 0.5 * Double.parseDouble(row.get(2)) - 2 * Double.parseDouble(row.get(3))
                    + 4 * Double.parseDouble(row.get(4)) + 1.25;
            assertThat(Double.parseDouble(row.get(0))).as("row %s", row.get(1)).isCloseTo(expected, within(1e-5));
        }
        assertThat(sql.columnNames("SELECT * FROM ML.PREDICT(MODEL lin, (SELECT [x1, x2, x3] AS input, i FROM t))"))
                .containsExactly("variable", "input", "i");
        assertThat(sql.rows("DESCRIBE MODEL lin")).contains(List.of("model", "model_type", "onnx"),
                List.of("input", "input", "float[3] (DOUBLE[])"), List.of("output", "variable", "float (DOUBLE)"));
    }

    @Test
    void importsAClassifierWithLabelsProbabilitiesAndAnIgnoredZipMap() throws Exception {
        assertThat(sql.summary("CREATE MODEL c OPTIONS (model_type = 'onnx', model_path = '"
                + model("classifier.onnx") + "')")).isEqualTo("Imported model c version 1 (onnx: inputs input"
                        + " float[2]; outputs label int64, probabilities float[3]; ignored output_probability"
                        + " (sequence[]))");

        List<List<String>> rows = sql.rows("SELECT label, probabilities, x1, x2, typeof(label) FROM ML.PREDICT("
                + "MODEL c, (SELECT [x1, x2 - 1] AS input, x1, x2, i FROM t)) ORDER BY i");

        double[][] weights = {{1.0, -1.0, 0.0}, {0.5, 0.5, -1.0}};
        double[] bias = {0.0, 0.25, -0.25};
        for (List<String> row : rows) {
            double[] x = {Double.parseDouble(row.get(2)), Double.parseDouble(row.get(3)) - 1};
            double[] score = new double[3];
            double total = 0;
            int best = 0;
            for (int k = 0; k < 3; k++) {
                score[k] = x[0] * weights[0][k] + x[1] * weights[1][k] + bias[k];
                best = score[k] > score[best] ? k : best;
            }
            for (int k = 0; k < 3; k++) {
                total += Math.exp(score[k]);
            }
            List<Double> probabilities = Stream.of(row.get(1).replaceAll("[\\[\\]]", "").split(", "))
                    .map(Double::parseDouble).toList();
            assertThat(row.get(0)).isEqualTo(Integer.toString(best));
            for (int k = 0; k < 3; k++) {
                assertThat(probabilities.get(k)).isCloseTo(Math.exp(score[k]) / total, within(1e-6));
            }
            assertThat(row.get(4)).isEqualTo("BIGINT");
        }
        assertThat(sql.rows("DESCRIBE MODEL c")).contains(List.of("output", "output_probability (sequence[])",
                "ignored: not a tensor of numbers"));
    }

    @Test
    void passesScalarColumnsAndReturnsNullForNullInputs() throws Exception {
        sql.summary("CREATE MODEL cols OPTIONS (model_type = 'onnx', model_path = '" + model("columns.onnx") + "')");

        assertThat(sql.rows("SELECT total FROM ML.PREDICT(MODEL cols, (SELECT * FROM (VALUES (1.5, 0.25), (NULL, 1),"
                + " (-2, 3)) v(a, b)), STRUCT(false AS keep_original_columns))"))
                .containsExactly(List.of("3.25"), List.of("null"), List.of("-1.0"));
    }

    @Test
    void survivesARestartAndExportsTheSameBytes() throws Exception {
        sql.summary("CREATE MODEL lin OPTIONS (model_type = 'onnx', model_path = '" + model("linear.onnx") + "')");
        sql.close();
        sql = SqlRunner.inMemory(directory.resolve("data"));

        assertThat(sql.rows("SELECT variable FROM ML.PREDICT(MODEL lin, (SELECT [1, 1, 1] AS input))"))
                .containsExactly(List.of("3.75"));
        sql.summary("EXPORT MODEL lin TO 'lin.onnx' OPTIONS (format = 'onnx')");
        assertThat(Files.readAllBytes(directory.resolve("data/exports/lin.onnx")))
                .isEqualTo(Files.readAllBytes(Path.of(model("linear.onnx"))));
        assertThat(sql.rows("DESCRIBE MODEL lin")).anyMatch(row -> row.get(1).equals("data_fingerprint")
                && row.get(2).startsWith("sha256-file:"));
    }

    @Test
    void rejectsBadFilesBadListsAndFunctionsItCannotAnswer() throws Exception {
        Path notOnnx = directory.resolve("not.onnx");
        Files.writeString(notOnnx, "hello");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL bad OPTIONS (model_type = 'onnx', model_path = '"
                + notOnnx + "')")).hasMessageStartingWith("CREATE MODEL bad: model_path '" + notOnnx + "' is not an"
                        + " ONNX model ONNX Runtime 1.28.0 can run: ");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL bad OPTIONS (model_type = 'onnx')"))
                .hasMessage("CREATE MODEL bad: model_type 'onnx' needs model_path, the ONNX model file to import");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL bad OPTIONS (model_type = 'onnx', model_path = '"
                + model("linear.onnx") + "') AS SELECT 1")).hasMessage("CREATE MODEL bad: model_type 'onnx' imports"
                        + " the model in model_path and takes no AS query");
        assertThat(sql.rows("SHOW MODELS")).isEmpty();

        sql.summary("CREATE MODEL lin OPTIONS (model_type = 'onnx', model_path = '" + model("linear.onnx") + "')");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.PREDICT(MODEL lin, (SELECT [x1, x2] AS input FROM t))"))
                .hasMessageContaining("ML.PREDICT: input 'input' of ONNX model 'lin' takes a list of 3 numbers per"
                        + " row");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.PREDICT(MODEL lin, TABLE t)"))
                .hasMessage("Model 'lin' expects column 'input' (a list of 3 numbers) but the input of ML.PREDICT has"
                        + " no such column; it has: i, x1, x2, x3");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.EVALUATE(MODEL lin, (SELECT [x1, x2, x3] AS input"
                + " FROM t))"))
                .hasMessage("ML.EVALUATE is not available for model 'lin' (model_type onnx); available: ML.PREDICT,"
                        + " ML.TRAINING_INFO, ML.FEATURE_INFO, ML.TRIAL_INFO");
    }

    @Test
    void leavesNoExtractedRuntimeInTheTemporaryFolder() throws Exception {
        sql.summary("CREATE MODEL lin OPTIONS (model_type = 'onnx', model_path = '" + model("linear.onnx") + "')");
        long started = ManagementFactory.getRuntimeMXBean().getStartTime();

        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(entries.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java"))
                    .filter(p -> p.toFile().lastModified() >= started)).isEmpty();
        }
    }
}
