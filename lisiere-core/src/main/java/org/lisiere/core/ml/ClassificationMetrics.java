package org.lisiere.core.ml;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** BigQuery ML's binary classification metrics at threshold 0.5, in its column order. */
final class ClassificationMetrics {
    static final List<String> NAMES = List.of("precision", "recall", "accuracy", "f1_score", "log_loss", "roc_auc");
    static final double EPSILON = 1e-15;

    private ClassificationMetrics() {}

    static Map<String, Double> compute(LinearModel model, TrainingData data, List<Integer> rows, int labelIndex,
            String positive) {
        int n = rows.size();
        double[][] scored = new double[n][2];
        double tp = 0;
        double fp = 0;
        double tn = 0;
        double fn = 0;
        double logLoss = 0;
        LinearScorer scorer = LinearScorer.of(model, data);
        for (int i = 0; i < n; i++) {
            int row = rows.get(i);
            double p = 1 / (1 + Math.exp(-scorer.score(row)));
            boolean actual = String.valueOf(data.columns().get(labelIndex)[row]).equals(positive);
            boolean predicted = p >= 0.5;
            tp += actual && predicted ? 1 : 0;
            fp += !actual && predicted ? 1 : 0;
            tn += !actual && !predicted ? 1 : 0;
            fn += actual && !predicted ? 1 : 0;
            double clamped = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
            logLoss -= actual ? Math.log(clamped) : Math.log(1 - clamped);
            scored[i][0] = p;
            scored[i][1] = actual ? 1 : 0;
        }
        double precision = tp / (tp + fp);
        double recall = tp / (tp + fn);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("precision", precision);
        metrics.put("recall", recall);
        metrics.put("accuracy", (tp + tn) / n);
        metrics.put("f1_score", 2 * precision * recall / (precision + recall));
        metrics.put("log_loss", logLoss / n);
        metrics.put("roc_auc", rocAuc(scored, tp + fn, tn + fp));
        return metrics;
    }

    /** The Mann-Whitney statistic: the chance that a random positive scores above a random negative (ties 1/2). */
    private static double rocAuc(double[][] scored, double positives, double negatives) {
        Arrays.sort(scored, (a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        int i = 0;
        while (i < scored.length) {
            int j = i;
            while (j + 1 < scored.length && scored[j + 1][0] == scored[i][0]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rankSum += scored[k][1] * averageRank;
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
