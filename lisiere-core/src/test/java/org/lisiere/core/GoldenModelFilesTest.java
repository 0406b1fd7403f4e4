package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files written by earlier model file formats (1: linear; 2: multiclass logistic, k-means, p-values; 3: trees)
 * keep scoring the same in every later build. The expected figures are what the writing build computed.
 */
class GoldenModelFilesTest {
    @TempDir
    Path directory;

    /** Copies the golden files of {@code model} written by format {@code format} into the data directory. */
    private void install(int format, String model) throws IOException {
        Path target = Files.createDirectories(directory.resolve("models").resolve(model));
        for (String file : List.of("registry.json", "v1.json")) {
            try (InputStream in = getClass().getResourceAsStream("/golden/format-" + format + "/models/" + model + "/"
                    + file)) {
                Files.copy(in, target.resolve(file));
            }
        }
    }

    @Test
    void scoresModelsWrittenByFormatVersionTwo() throws IOException {
        for (String model : List.of("golden_tier", "golden_segments", "golden_ols")) {
            install(2, model);
        }
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            List<String> tier = sql.rows("SELECT predicted_tier, predicted_tier_probs[1].prob FROM"
                    + " ML.PREDICT(MODEL golden_tier, (SELECT 1.0 AS z, 'a' AS s))").get(0);
            List<String> segment = sql.rows("SELECT centroid_id, nearest_centroids_distance[1].distance FROM"
                    + " ML.PREDICT(MODEL golden_segments, (SELECT 3.0 AS x, 1.0 AS z, 'b' AS s))").get(0);
            double y = Double.parseDouble(sql.rows("SELECT predicted_y FROM ML.PREDICT(MODEL golden_ols,"
                    + " (SELECT 3.0 AS x, 1.0 AS z, 'b' AS s))").get(0).get(0));

            assertThat(tier.get(0)).isEqualTo("mid");
            assertThat(Double.parseDouble(tier.get(1))).isCloseTo(0.4215405602874377, within(1e-12));
            assertThat(segment.get(0)).isEqualTo("2");
            assertThat(Double.parseDouble(segment.get(1))).isCloseTo(1.0206107688357078, within(1e-12));
            assertThat(y).isCloseTo(6.5, within(1e-9));
            assertThat(sql.rows("SELECT count(*) FROM ML.ADVANCED_WEIGHTS(MODEL golden_ols)"))
                    .containsExactly(List.of("5"));
            assertThat(sql.rows("SELECT count(*) FROM ML.TRAINING_INFO(MODEL golden_tier)").get(0).get(0))
                    .isNotEqualTo("0");
        }
    }

    @Test
    void scoresATreeModelWrittenByFormatVersionThree() throws IOException {
        install(3, "golden_trees");
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            List<String> prediction = sql.rows("SELECT predicted_hot, predicted_hot_probs[1].prob FROM"
                    + " ML.PREDICT(MODEL golden_trees, (SELECT 9.0 AS x, NULL::DOUBLE AS z, 'a' AS s))").get(0);

            assertThat(prediction.get(0)).isEqualTo("true");
            assertThat(Double.parseDouble(prediction.get(1))).isCloseTo(0.6927176815793402, within(1e-12));
            assertThat(sql.rows("SELECT feature, importance_weight FROM ML.FEATURE_IMPORTANCE(MODEL golden_trees)"))
                    .containsExactly(List.of("x", "17"), List.of("z", "8"), List.of("s", "1"));
        }
    }

    @Test
    void explainsAModelWrittenByFormatVersionFour() throws IOException {
        install(4, "golden_explained");
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            List<String> explained = sql.rows("SELECT predicted_y, top_feature_attributions[1].feature,"
                    + " top_feature_attributions[1].attribution, baseline_prediction_value, prediction_value FROM"
                    + " ML.EXPLAIN_PREDICT(MODEL golden_explained, (SELECT 9.0 AS x, NULL::INT AS z, 'a' AS s))")
                    .get(0);

            assertThat(explained.subList(0, 2)).containsExactly("1", "z");
            assertThat(Double.parseDouble(explained.get(2))).isCloseTo(0.06881880402882194, within(1e-12));
            assertThat(Double.parseDouble(explained.get(3))).isCloseTo(0.4133188541044529, within(1e-12));
            assertThat(Double.parseDouble(explained.get(4))).isCloseTo(0.5230502039194107, within(1e-12));
            assertThat(sql.rows("SELECT * FROM ML.GLOBAL_EXPLAIN(MODEL golden_explained)")).containsExactly(
                    List.of("x", "1.5655603290180515"), List.of("z", "0.33463428581078747"),
                    List.of("s", "0.02427502859064337"));
        }
    }

    @Test
    void scoresAnOnnxModelWrittenByFormatVersionFive() throws IOException {
        install(5, "golden_onnx");
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            List<String> prediction = sql.rows("SELECT label, probabilities[2] FROM ML.PREDICT(MODEL golden_onnx,"
                    + " (SELECT [1.0, 2.0] AS input))").get(0);

            // scores [1, 2] × W + b with the weights of generate.py: 2, 0.25, -2.25
            assertThat(prediction.get(0)).isEqualTo("0");
            assertThat(Double.parseDouble(prediction.get(1))).isCloseTo(softmax(new double[] {2, 0.25, -2.25}, 1),
                    within(1e-6));
        }
    }

    private static double softmax(double[] scores, int k) {
        double total = 0;
        for (double score : scores) {
            total += Math.exp(score);
        }
        return Math.exp(scores[k]) / total;
    }

    @Test
    void describesAndScoresAModelWrittenByFormatVersionOne() throws IOException {
        install(1, "golden_sales");
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            assertThat(sql.rows("DESCRIBE MODEL golden_sales")).contains(List.of("feature", "x1", "numeric"),
                    List.of("feature", "shop", "categorical (2 categories)"));
            assertThat(sql.rows("SELECT count(*) FROM ML.PREDICT(MODEL golden_sales, (SELECT 1.0 AS x1, 2.0 AS x2,"
                    + " 'a' AS shop))")).containsExactly(List.of("1"));
            assertThat(sql.failure("SELECT * FROM ML.TRAINING_INFO(MODEL golden_sales)").getMessage())
                    .isEqualTo("ML.TRAINING_INFO: version 1 of model 'golden_sales' was trained by a build that did"
                            + " not record it (model file format 1); train a new version with CREATE OR REPLACE"
                            + " MODEL");
        }
    }
}
