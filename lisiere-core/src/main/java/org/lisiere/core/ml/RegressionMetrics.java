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

    static Map<String, Double> compute(LinearModel model, TrainingData data, List<Integer> rows, int labelIndex) {
        int n = rows.size();
        double[] errors = new double[n];
        double[] actual = new double[n];
        double absolute = 0;
        double squared = 0;
        double squaredLog = 0;
        boolean logDefined = true;
        LinearScorer scorer = LinearScorer.of(model, data);
        for (int i = 0; i < n; i++) {
            int row = rows.get(i);
            double y = data.column(labelIndex).number(row);
            double p = scorer.score(row);
            actual[i] = y;
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
