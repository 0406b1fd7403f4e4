package org.lisiere.core.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BigQuery ML's classification metrics, in its column order: at threshold 0.5 for binary models; for multiclass
 * models the label with the highest probability is predicted and precision, recall, f1 and roc_auc (one class
 * against the rest) are macro averages over the classes.
 */
final class ClassificationMetrics {
    static final List<String> NAMES = List.of("precision", "recall", "accuracy", "f1_score", "log_loss", "roc_auc");
    static final double EPSILON = 1e-15;

    private ClassificationMetrics() {}

    /**
     * @param probabilities {@code [class][row]}, classes in ascending label order (the positive class last)
     * @param actual the class index of each row
     */
    static Map<String, Double> of(double[][] probabilities, int[] actual) {
        return probabilities.length == 2 ? binary(probabilities[1], actual) : multiclass(probabilities, actual);
    }

    /** The metrics of a binary model from each row's log-odds of the positive class. */
    static Map<String, Double> ofLogOdds(double[] logOdds, int[] actual) {
        double[] positive = new double[logOdds.length];
        RowParts.forEach(logOdds.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                positive[i] = LogisticObjectives.sigmoid(logOdds[i]);
            }
        });
        return binary(positive, actual);
    }

    private static Map<String, Double> binary(double[] positive, int[] actual) {
        int n = actual.length;
        boolean[] isPositive = new boolean[n];
        // counts and log-loss by row ranges on every core, summed in range order
        List<double[]> parts = RowParts.map(n, (from, to) -> {
            double[] sums = new double[5]; // tp, fp, tn, fn, log-loss
            for (int i = from; i < to; i++) {
                isPositive[i] = actual[i] == 1;
                boolean predicted = positive[i] >= 0.5;
                sums[(isPositive[i] ? 0 : 1) + (predicted ? 0 : 2)]++;
                double clamped = Math.min(Math.max(positive[i], EPSILON), 1 - EPSILON);
                sums[4] -= isPositive[i] ? Math.log(clamped) : Math.log(1 - clamped);
            }
            return sums;
        });
        double[] sums = new double[5];
        for (double[] part : parts) {
            for (int s = 0; s < sums.length; s++) {
                sums[s] += part[s];
            }
        }
        double tp = sums[0];
        double fp = sums[1];
        double fn = sums[2];
        double tn = sums[3];
        double precision = tp / (tp + fp);
        double recall = tp / (tp + fn);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("precision", precision);
        metrics.put("recall", recall);
        metrics.put("accuracy", (tp + tn) / n);
        metrics.put("f1_score", 2 * precision * recall / (precision + recall));
        metrics.put("log_loss", sums[4] / n);
        metrics.put("roc_auc", rocAuc(positive, isPositive));
        return metrics;
    }

    private static Map<String, Double> multiclass(double[][] probabilities, int[] actual) {
        int n = actual.length;
        int k = probabilities.length;
        int[] predicted = new int[n];
        double correct = 0;
        double logLoss = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < k; c++) {
                if (probabilities[c][i] > probabilities[predicted[i]][i]) {
                    predicted[i] = c;
                }
            }
            correct += predicted[i] == actual[i] ? 1 : 0;
            logLoss -= Math.log(Math.min(Math.max(probabilities[actual[i]][i], EPSILON), 1 - EPSILON));
        }
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        double auc = 0;
        for (int c = 0; c < k; c++) {
            double tp = 0;
            double fp = 0;
            double fn = 0;
            boolean[] isClass = new boolean[n];
            for (int i = 0; i < n; i++) {
                isClass[i] = actual[i] == c;
                tp += isClass[i] && predicted[i] == c ? 1 : 0;
                fp += !isClass[i] && predicted[i] == c ? 1 : 0;
                fn += isClass[i] && predicted[i] != c ? 1 : 0;
            }
            double p = tp + fp == 0 ? 0 : tp / (tp + fp);
            double r = tp + fn == 0 ? 0 : tp / (tp + fn);
            precision += p;
            recall += r;
            f1 += p + r == 0 ? 0 : 2 * p * r / (p + r);
            auc += rocAuc(probabilities[c], isClass);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("precision", precision / k);
        metrics.put("recall", recall / k);
        metrics.put("accuracy", correct / n);
        metrics.put("f1_score", f1 / k);
        metrics.put("log_loss", logLoss / n);
        metrics.put("roc_auc", auc / k);
        return metrics;
    }

    /**
     * The Mann-Whitney statistic: the chance that a random positive scores above a random negative (ties count 1/2),
     * by sorting both groups and walking them together.
     */
    private static double rocAuc(double[] scores, boolean[] positive) {
        int positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        double[] pos = new double[positives];
        double[] neg = new double[scores.length - positives];
        for (int i = 0, a = 0, b = 0; i < scores.length; i++) {
            if (positive[i]) {
                pos[a++] = scores[i];
            } else {
                neg[b++] = scores[i];
            }
        }
        java.util.stream.Stream.of(pos, neg).parallel().forEach(DoubleSort::sort);
        double wins = 0;
        int below = 0;
        int upTo = 0;
        for (double score : pos) {
            while (below < neg.length && neg[below] < score) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < neg.length && neg[upTo] == score) {
                upTo++;
            }
            wins += below + (upTo - below) / 2.0;
        }
        return wins / ((double) pos.length * neg.length);
    }
}
