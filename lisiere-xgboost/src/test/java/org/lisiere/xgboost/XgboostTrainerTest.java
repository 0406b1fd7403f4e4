package org.lisiere.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.trees.TrainedTrees;
import org.lisiere.spi.trees.TreeDataset;
import org.lisiere.spi.trees.TreeTrainer;
import org.lisiere.spi.trees.TreeTrainingListener;
import org.lisiere.spi.trees.TreeTrainingRequest;

class XgboostTrainerTest {
    private final TreeTrainer trainer = ServiceLoader.load(TreeTrainer.class).findFirst().orElseThrow();

    /** y = 1 when x0 > 0.5, with x1 as noise; row i has x0 = i / n. */
    private static TreeDataset threshold(int n) {
        float[] features = new float[n * 2];
        float[] labels = new float[n];
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            features[2 * i] = (float) i / n;
            features[2 * i + 1] = (i * 7919) % 13;
            labels[i] = i > n / 2 ? 1 : 0;
            weights[i] = 1;
        }
        return new TreeDataset(features, n, 2, labels, weights);
    }

    @Test
    void isFoundAsAServiceAndNamesItsVersion() {
        assertThat(trainer.name()).isEqualTo("xgboost");
        assertThat(trainer.version()).isEqualTo("3.4.0");
    }

    @Test
    void trainsRoundByRoundReportingTrainingAndEvaluationLoss() {
        List<String> rounds = new ArrayList<>();

        TrainedTrees trees = trainer.train(new TreeTrainingRequest(threshold(200), Optional.of(threshold(50)),
                Map.of("objective", "binary:logistic", "max_depth", "2", "seed", "1"), 3),
                new TreeTrainingListener() {
                    @Override
                    public void loaded() {
                        rounds.add("loaded");
                    }

                    @Override
                    public boolean round(int round, double loss, OptionalDouble evalLoss) {
                        return rounds.add(round + ":" + (loss > 0) + ":" + evalLoss.isPresent()) && false;
                    }
                });

        assertThat(rounds).containsExactly("loaded", "1:true:true", "2:true:true", "3:true:true");
        assertThat(trees.rounds()).isEqualTo(3);
        assertThat(trees.modelJson()).startsWith("{\"learner\":").contains("\"num_trees\":\"3\"");
    }

    @Test
    void reportsXgboostsOwnFigureForAMetricItDoesNotComputeFromMargins() {
        List<Double> losses = new ArrayList<>();

        TrainedTrees trees = trainer.train(new TreeTrainingRequest(threshold(200), Optional.empty(),
                Map.of("objective", "binary:logistic", "eval_metric", "error", "max_depth", "2"), 2),
                (round, loss, evalLoss) -> losses.add(loss) && false);

        // the rows split exactly at x0 = 0.5: no classification error, where the log loss would be positive
        assertThat(losses).containsExactly(0.0, 0.0);
        assertThat(trees.margins()).hasSize(200);
    }

    @Test
    void stopsWhenTheListenerAsks() {
        TrainedTrees trees = trainer.train(new TreeTrainingRequest(threshold(100), Optional.empty(),
                Map.of("objective", "binary:logistic"), 10), (round, loss, evalLoss) -> round == 2);

        assertThat(trees.rounds()).isEqualTo(2);
        assertThat(trees.modelJson()).contains("\"num_trees\":\"2\"");
    }

    @Test
    void reportsARejectedParameterWithXgboostsReason() {
        assertThatThrownBy(() -> trainer.train(new TreeTrainingRequest(threshold(10), Optional.empty(),
                Map.of("objective", "binary:logistic", "max_depth", "-3"), 1), (round, loss, evalLoss) -> false))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).startsWith("XGBoost rejected the training: ").contains("max_depth");
                });
    }

    @Test
    void readsItsOwnJsonAndRejectsOtherBytes() {
        String json = trainer.train(new TreeTrainingRequest(threshold(100), Optional.empty(),
                Map.of("objective", "binary:logistic"), 1), (round, loss, evalLoss) -> false).modelJson();

        assertThat(trainer.toJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(json);
        assertThatThrownBy(() -> trainer.toJson("not a model".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(LisiereException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
    }

    @Test
    void marginsAreRowAfterRowEachRowsClassesInOrderAsXgboostPredictsThem() throws Exception {
        int n = 90;
        float[] features = new float[n * 2];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            features[2 * i] = (float) i / n;
            features[2 * i + 1] = (i * 7919) % 13;
            labels[i] = 3 * i / n;
        }
        float[] weights = new float[n];
        java.util.Arrays.fill(weights, 1);
        TreeDataset data = new TreeDataset(features, n, 2, labels, weights);

        TrainedTrees trees = trainer.train(new TreeTrainingRequest(data, Optional.empty(),
                Map.of("objective", "multi:softprob", "num_class", "3", "max_depth", "2", "seed", "1"), 3),
                (round, loss, evalLoss) -> false);

        assertThat(FlatPrediction.available()).as("XGBoost4J's booster handle reachable").isTrue();
        ml.dmlc.xgboost4j.java.Booster booster = ml.dmlc.xgboost4j.java.XGBoost.loadModel(
                trees.modelJson().getBytes(StandardCharsets.UTF_8));
        ml.dmlc.xgboost4j.java.DMatrix matrix = new ml.dmlc.xgboost4j.java.DMatrix(features, n, 2, Float.NaN);
        float[][] expected = booster.predict(matrix, true);
        matrix.dispose();
        booster.dispose();
        assertThat(trees.margins()).hasSize(3 * n);
        for (int r = 0; r < n; r++) {
            for (int g = 0; g < 3; g++) {
                assertThat(trees.margins()[3 * r + g]).as("row %d, class %d", r, g)
                        .isCloseTo(expected[r][g], org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
    }
}
