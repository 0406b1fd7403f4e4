package org.lisiere.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.lisiere.spi.trees.TreeDataset;

class MarginLossTest {
    private static final double LN_1E15 = 34.538776394910684;

    private static TreeDataset labelled(float[] labels, float[] weights) {
        return new TreeDataset(new float[0], labels.length, 0, labels, weights);
    }

    private static float[] ones(int n) {
        float[] ones = new float[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static MarginLoss loss(Map<String, String> parameters, TreeDataset data) {
        return MarginLoss.forMetric(parameters, data).orElseThrow();
    }

    @Test
    void logLossOfHandPickedMargins() {
        MarginLoss loss = loss(Map.of("objective", "binary:logistic"),
                labelled(new float[] {1, 0, 1, 0, 1}, ones(5)));

        // margin 0: log 2 twice; label 1 at margin 100: e^-100; label 0 at margin 100: clamped to -log(1e-15);
        // label 1 at margin -3: log(1 + e^3)
        double expected = (2 * Math.log(2) + Math.exp(-100) + LN_1E15 + Math.log1p(Math.exp(3))) / 5;
        assertThat(loss.of(new float[] {0, 0, 100, 100, -3})).isCloseTo(expected, within(1e-14));
    }

    @Test
    void logLossIsTheWeightedMeanOfStableSoftplusOverChunksAndTheirTail() {
        int n = 3 * MarginLoss.CHUNK + 17;
        SplittableRandom random = new SplittableRandom(7);
        float[] labels = new float[n];
        float[] weights = new float[n];
        float[] margins = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextBoolean() ? 1 : 0;
            weights[i] = 0.5f + random.nextInt(3);
            margins[i] = (float) (random.nextGaussian() * (i % 50 == 0 ? 30 : 3));
        }
        double sum = 0;
        double weight = 0;
        for (int i = 0; i < n; i++) {
            double towardWrong = labels[i] == 1 ? -margins[i] : margins[i];
            double row = Math.max(towardWrong, 0) + Math.log1p(Math.exp(-Math.abs(towardWrong)));
            sum += weights[i] * Math.min(row, LN_1E15);
            weight += weights[i];
        }

        double actual = loss(Map.of("objective", "binary:logistic", "eval_metric", "logloss"),
                labelled(labels, weights)).of(margins);

        assertThat(actual).isCloseTo(sum / weight, within(sum / weight * 1e-12));
    }

    @Test
    void rmseIsTheWeightedRootMeanSquare() {
        assertThat(loss(Map.of("objective", "reg:squarederror"), labelled(new float[] {1, 2, 3}, ones(3)))
                .of(new float[] {1, 2, 5})).isCloseTo(Math.sqrt(4.0 / 3), within(1e-15));
        assertThat(loss(Map.of(), labelled(new float[] {1, 2, 3}, new float[] {1, 1, 2}))
                .of(new float[] {1, 2, 5})).isCloseTo(Math.sqrt(2), within(1e-15));
    }

    @Test
    void multiLogLossOfHandPickedMarginsClampsBothEnds() {
        MarginLoss loss = loss(Map.of("objective", "multi:softprob", "num_class", "3"),
                labelled(new float[] {2, 0, 1, 1}, new float[] {1, 1, 1, 3}));

        float half = (float) Math.log(2);
        float[] margins = {
            0, 0, 0, // uniform: log 3
            half, 0, 0, // label 0 at probability 1/2 (as near as a float gets): log 2
            0, 100, 0, // label 1 certain: -log(1 - 1e-15)
            0, -100, 0 // label 1 impossible, weight 3: -log(1e-15)
        };
        double expected = (Math.log(3) + Math.log(Math.exp(half) + 2) - half - Math.log1p(-1e-15) + 3 * LN_1E15) / 6;
        assertThat(loss.of(margins)).isCloseTo(expected, within(1e-14));
    }

    @Test
    void leavesOtherObjectivesMetricsAndLabelsToXgboost() {
        TreeDataset binary = labelled(new float[] {0, 1}, ones(2));
        assertThat(MarginLoss.forMetric(Map.of("objective", "binary:logistic", "eval_metric", "auc"), binary))
                .isEmpty();
        assertThat(MarginLoss.forMetric(Map.of("objective", "reg:logistic"), binary)).isEmpty();
        assertThat(MarginLoss.forMetric(Map.of("objective", "binary:logistic"),
                labelled(new float[] {0, 0.5f}, ones(2)))).isEmpty();
        assertThat(MarginLoss.forMetric(Map.of("objective", "multi:softmax", "num_class", "3"), binary)).isEmpty();
        assertThat(MarginLoss.forMetric(Map.of("objective", "multi:softprob", "num_class", "three"), binary))
                .isEmpty();
    }

    @Test
    void rejectsMarginsOfAnotherShape() {
        MarginLoss loss = loss(Map.of("objective", "multi:softprob", "num_class", "3"),
                labelled(new float[] {0, 1}, ones(2)));

        assertThatThrownBy(() -> loss.of(new float[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("4 margins for 2 rows of 3");
    }

    /** XGBoost evaluates in single precision: its figures and ours agree to 1e-4 relative, round after round. */
    @Test
    void agreesWithXgboostsOwnEvaluationRoundByRound() throws Exception {
        int n = 20_000;
        SplittableRandom random = new SplittableRandom(3);
        float[] features = new float[n * 3];
        float[] regression = new float[n];
        float[] binary = new float[n];
        float[] classes = new float[n];
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < 3; f++) {
                features[3 * i + f] = (float) random.nextGaussian();
            }
            double signal = features[3 * i] + 0.5 * features[3 * i + 1] + 0.7 * random.nextGaussian();
            regression[i] = (float) (10 * signal);
            binary[i] = signal > 0 ? 1 : 0;
            classes[i] = signal < -0.5 ? 0 : signal < 0.5 ? 1 : 2;
            weights[i] = 1 + random.nextInt(3);
        }
        compareWithXgboost(features, regression, weights, Map.of("objective", "reg:squarederror"));
        compareWithXgboost(features, binary, weights, Map.of("objective", "binary:logistic"));
        compareWithXgboost(features, binary, ones(n), Map.of("objective", "binary:logistic", "max_depth", "8"));
        compareWithXgboost(features, classes, weights, Map.of("objective", "multi:softprob", "num_class", "3"));
    }

    private static void compareWithXgboost(float[] features, float[] labels, float[] weights,
            Map<String, String> parameters) throws Exception {
        int n = labels.length;
        DMatrix matrix = new DMatrix(features, n, 3, Float.NaN);
        matrix.setLabel(labels);
        matrix.setWeight(weights);
        Map<String, Object> xgboostParameters = new HashMap<>(parameters);
        xgboostParameters.put("seed", 1);
        xgboostParameters.put("verbosity", 0);
        Booster booster = XGBoost.train(matrix, xgboostParameters, 0, new HashMap<>(), null, null);
        MarginLoss loss = loss(parameters, new TreeDataset(features, n, 3, labels, weights));
        try {
            for (int round = 0; round < 20; round++) {
                booster.update(matrix, round);
                float[] theirs = new float[1];
                booster.evalSet(new DMatrix[] {matrix}, new String[] {"train"}, round, theirs);

                double ours = loss.of(FlatPrediction.margins(booster, matrix).orElseThrow());

                assertThat(ours).as("%s, round %d", parameters, round + 1)
                        .isCloseTo(theirs[0], within(theirs[0] * 1e-4));
            }
        } finally {
            booster.dispose();
            matrix.dispose();
        }
    }
}
