package org.lisiere.core.ml;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** BigQuery ML's regression metrics, in its column order. */
final class RegressionMetrics {
    static final List<String> NAMES = List.of("mean_absolute_error", "mean_squared_error", "mean_squared_log_error",
            "median_absolute_error", "r2_score", "explained_variance");

    private RegressionMetrics() {}

    static Map<String, Double> compute(LinearModel model, TrainingData data, Rows rows, int labelIndex) {
        LinearScorer scorer = LinearScorer.of(model, data);
        double[] predicted = new double[rows.size()];
        double[] actual = new double[rows.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = scorer.score(rows.get(i));
            actual[i] = data.column(labelIndex).number(rows.get(i));
        }
        return of(predicted, actual);
    }

    static Map<String, Double> of(double[] predicted, double[] actual) {
        int n = predicted.length;
        double[] errors = new double[n];
        double absolute = 0;
        double squared = 0;
        double squaredLog = 0;
        boolean logDefined = true;
        for (int i = 0; i < n; i++) {
            double y = actual[i];
            double p = predicted[i];
            errors[i] = y - p;
            absolute += Math.abs(y - p);
            squared += (y - p) * (y - p);
            if (y <= -1 || p <= -1) {
                logDefined = false;
            } else {
                squaredLog += Math.pow(Math.log1p(y) - Math.log1p(p), 2);
            }
        }
        double[] absoluteErrors = Arrays.stream(errors).map(Math::abs).sorted().toArray();
        double median = n % 2 == 1 ? absoluteErrors[n / 2] : (absoluteErrors[n / 2 - 1] + absoluteErrors[n / 2]) / 2;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mean_absolute_error", absolute / n);
        metrics.put("mean_squared_error", squared / n);
        metrics.put("mean_squared_log_error", logDefined ? squaredLog / n : Double.NaN);
        metrics.put("median_absolute_error", median);
        metrics.put("r2_score", 1 - squared / n / variance(actual));
        metrics.put("explained_variance", 1 - variance(errors) / variance(actual));
        return metrics;
    }

    private static double variance(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
    }
}
