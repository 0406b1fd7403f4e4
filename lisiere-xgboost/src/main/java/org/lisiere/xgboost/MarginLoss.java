package org.lisiere.xgboost;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.lisiere.spi.trees.TreeDataset;

/**
 * A dataset's loss after a round (what ML.TRAINING_INFO reports and early stopping compares), computed from the
 * margins XGBoost keeps for the dataset rather than by XGBoost's evaluation, which for a million rows spends ~20 ms a
 * round on one core (single-precision {@code expf} and {@code logf} per row): here the arithmetic runs vectorized in
 * double precision ({@link VectorMath}), ~5.5 ms. The metrics are XGBoost's, as ML.EVALUATE defines them: the weighted
 * mean log loss with each probability clamped to at least 1e-15 ({@code logloss}, {@code mlogloss}) and the weighted
 * root mean squared error ({@code rmse}). They agree with XGBoost's own to its single precision (1e-4 relative, closer
 * for most data; MarginLossTest).
 */
final class MarginLoss {
    /** Rows per pass: the buffers stay in the core's cache. */
    static final int CHUNK = 8192;
    /** {@code -log(1e-15)}: the loss of a row whose probability is clamped to 1e-15. */
    private static final double LOG_LOSS_CAP = -Math.log(1e-15);
    /** {@code -log(1 - 1e-15)}: the loss of a row whose probability is clamped to {@code 1 - 1e-15}. */
    private static final double LOG_LOSS_FLOOR = -Math.log1p(-1e-15);

    private enum Metric { RMSE, LOG_LOSS, MULTI_LOG_LOSS }

    private final Metric metric;
    private final int groups;
    private final float[] labels;
    private final float[] weights;
    private final boolean weighted;
    private final double totalWeight;

    private MarginLoss(Metric metric, int groups, TreeDataset data) {
        this.metric = requireNonNull(metric, "metric is null");
        this.groups = groups;
        this.labels = data.labels();
        this.weights = data.weights();
        double total = 0;
        for (float weight : weights) {
            total += weight;
        }
        this.weighted = XgboostTrainer.weighted(weights);
        this.totalWeight = total;
    }

    /**
     * The loss of XGBoost's {@code eval_metric} (or its objective's default metric) over {@code data}; empty for
     * metrics and labels this class does not compute (other objectives, binary labels other than 0 and 1), which
     * XGBoost then evaluates itself.
     */
    static Optional<MarginLoss> forMetric(Map<String, String> parameters, TreeDataset data) {
        String objective = parameters.getOrDefault("objective", "reg:squarederror");
        String metric = parameters.getOrDefault("eval_metric", switch (objective) {
            case "reg:squarederror" -> "rmse";
            case "binary:logistic" -> "logloss";
            case "multi:softprob" -> "mlogloss";
            default -> "";
        });
        String classes = parameters.getOrDefault("num_class", "1");
        // anything else XGBoost rejects with its own message
        int groups = classes.matches("[1-9][0-9]{0,5}") ? Integer.parseInt(classes) : 0;
        if (objective.equals("reg:squarederror") && metric.equals("rmse")) {
            return Optional.of(new MarginLoss(Metric.RMSE, 1, data));
        }
        if (objective.equals("binary:logistic") && metric.equals("logloss") && zeroOrOne(data.labels())) {
            return Optional.of(new MarginLoss(Metric.LOG_LOSS, 1, data));
        }
        if (objective.equals("multi:softprob") && metric.equals("mlogloss") && groups > 1) {
            return Optional.of(new MarginLoss(Metric.MULTI_LOG_LOSS, groups, data));
        }
        return Optional.empty();
    }

    private static boolean zeroOrOne(float[] labels) {
        for (float label : labels) {
            if (label != 0 && label != 1) {
                return false;
            }
        }
        return true;
    }

    /** The loss of the margins (row after row, each row's groups in order) XGBoost holds for the dataset. */
    double of(float[] margins) {
        if (margins.length != (long) labels.length * groups) {
            throw new IllegalArgumentException(margins.length + " margins for " + labels.length + " rows of "
                    + groups);
        }
        return switch (metric) {
            case RMSE -> Math.sqrt(squaredErrors(margins) / totalWeight);
            case LOG_LOSS -> logLosses(margins) / totalWeight;
            case MULTI_LOG_LOSS -> multiLogLosses(margins) / totalWeight;
        };
    }

    private double squaredErrors(float[] margins) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double error = (double) labels[i] - margins[i];
            sum += weights[i] * error * error;
        }
        return sum;
    }

    /**
     * Row by row, with {@code t} the margin toward the wrong class ({@code -m} for label 1, {@code m} for 0), the loss
     * is {@code log(1 + exp(t)) = max(t, 0) + log1p(exp(-|t|))}, which neither overflows nor cancels.
     */
    private double logLosses(float[] margins) {
        double[] towardWrong = new double[Math.min(CHUNK, labels.length)];
        double[] loss = new double[towardWrong.length];
        double sum = 0;
        for (int from = 0; from < labels.length; from += CHUNK) {
            if (labels.length - from < towardWrong.length) {
                towardWrong = new double[labels.length - from];
                loss = new double[towardWrong.length];
            }
            for (int i = 0; i < towardWrong.length; i++) {
                towardWrong[i] = (1f - 2f * labels[from + i]) * margins[from + i];
            }
            for (int i = 0; i < loss.length; i++) {
                loss[i] = -Math.abs(towardWrong[i]);
            }
            VectorMath.expOfNonPositive(loss);
            VectorMath.log1pOfUnit(loss);
            for (int i = 0; i < loss.length; i++) {
                loss[i] = Math.min(Math.max(towardWrong[i], 0) + loss[i], LOG_LOSS_CAP);
            }
            sum += weightedSum(loss, from);
        }
        return sum;
    }

    /** Row by row, {@code -log p} of the label's softmax probability, computed after subtracting the row's largest. */
    private double multiLogLosses(float[] margins) {
        int rowsPerChunk = Math.max(1, CHUNK / groups);
        double[] shifted = new double[Math.min(rowsPerChunk, labels.length) * groups];
        double[] loss = new double[shifted.length / groups];
        double sum = 0;
        for (int from = 0; from < labels.length; from += rowsPerChunk) {
            if (labels.length - from < loss.length) {
                loss = new double[labels.length - from];
                shifted = new double[loss.length * groups];
            }
            for (int r = 0, at = from * groups; r < loss.length; r++, at += groups) {
                float largest = margins[at];
                for (int g = 1; g < groups; g++) {
                    largest = Math.max(largest, margins[at + g]);
                }
                for (int g = 0; g < groups; g++) {
                    shifted[r * groups + g] = (double) margins[at + g] - largest;
                }
            }
            VectorMath.expOfNonPositive(shifted);
            for (int r = 0; r < loss.length; r++) {
                double total = 0;
                for (int g = 0; g < groups; g++) {
                    total += shifted[r * groups + g];
                }
                double rowLoss = -Math.log(shifted[r * groups + (int) labels[from + r]] / total);
                loss[r] = Math.min(Math.max(rowLoss, LOG_LOSS_FLOOR), LOG_LOSS_CAP);
            }
            sum += weightedSum(loss, from);
        }
        return sum;
    }

    private double weightedSum(double[] loss, int from) {
        if (weighted) {
            for (int i = 0; i < loss.length; i++) {
                loss[i] *= weights[from + i];
            }
        }
        return VectorMath.sum(loss);
    }
}
