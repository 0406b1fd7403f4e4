package org.lisiere.core.ml;

/**
 * Negative log-likelihoods of logistic regression over a column-major design matrix, with L2 on the first
 * {@code penalized} coefficients of each class (the intercept, last, is not penalized). Binary models have one
 * coefficient vector (the log-odds of class 1); multiclass models one per class ({@code class × width + column}),
 * scored by softmax.
 */
final class LogisticObjectives {
    /** Rows per block of {@link #scores}: 32 KB of scores, well inside L2 cache. */
    private static final int SCORE_BLOCK = 4096;

    private LogisticObjectives() {}

    /** {@code X β} for the coefficients of one class starting at {@code offset}. */
    static double[] scores(double[][] design, double[] beta, int offset) {
        double[] z = new double[design.length == 0 ? 0 : design[0].length];
        // Each row sums its columns in column order whichever range it falls in: the same z on any core count.
        RowParts.forEach(z.length, (from, to) -> addScores(design, beta, offset, z, from, to));
        return z;
    }

    /** Adds {@code X β} (the coefficients from {@code offset}) of rows {@code [from, to)} to {@code z}. */
    static void addScores(double[][] design, double[] beta, int offset, double[] z, int from, int to) {
        // Row blocks keep each block of z in cache while every column adds to it: z is written once, not p times.
        for (int start = from; start < to; start += SCORE_BLOCK) {
            int end = Math.min(to, start + SCORE_BLOCK);
            for (int j = 0; j < design.length; j++) {
                double w = beta[offset + j];
                if (w == 0) {
                    continue;
                }
                double[] column = design[j];
                for (int i = start; i < end; i++) {
                    z[i] += w * column[i];
                }
            }
        }
    }

    static Lbfgs.Objective binary(double[][] design, int[] y, double[] weights, double l2, int penalized) {
        return (beta, gradient) -> {
            double[] z = scores(design, beta, 0);
            double value = negativeLogLikelihood(z, y, weights);
            double[] residual = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                residual[i] = weights[i] * (sigmoid(z[i]) - y[i]);
            }
            for (int j = 0; j < design.length; j++) {
                gradient[j] = Lbfgs.dot(design[j], residual);
            }
            return value + ridge(beta, gradient, l2, penalized, 0);
        };
    }

    /** The weighted binary negative log-likelihood at log-odds {@code z}: Σ w (log(1 + e^z) − y z), no overflow. */
    static double negativeLogLikelihood(double[] z, int[] y, double[] weights) {
        double value = 0;
        for (int i = 0; i < z.length; i++) {
            value += weights[i] * (Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i]))) - y[i] * z[i]);
        }
        return value;
    }

    static Lbfgs.Objective softmax(double[][] design, int[] y, int classes, double[] weights, double l2,
            int penalized) {
        int width = design.length;
        return (beta, gradient) -> {
            double[][] p = probabilities(design, beta, classes);
            double value = 0;
            int n = y.length;
            for (int i = 0; i < n; i++) {
                value -= weights[i] * Math.log(Math.max(p[y[i]][i], Double.MIN_NORMAL));
            }
            double[] residual = new double[n];
            for (int k = 0; k < classes; k++) {
                for (int i = 0; i < n; i++) {
                    residual[i] = weights[i] * (p[k][i] - (y[i] == k ? 1 : 0));
                }
                for (int j = 0; j < width; j++) {
                    gradient[k * width + j] = Lbfgs.dot(design[j], residual);
                }
                value += ridge(beta, gradient, l2, penalized, k * width);
            }
            return value;
        };
    }

    /** Class probabilities, {@code [class][row]}, by a softmax shifted by the row maximum. */
    static double[][] probabilities(double[][] design, double[] beta, int classes) {
        int width = design.length;
        double[][] z = new double[classes][];
        for (int k = 0; k < classes; k++) {
            z[k] = scores(design, beta, k * width);
        }
        return toProbabilities(z);
    }

    /** Class probabilities {@code [class][row]} for binary (log-odds of class 1) or multiclass coefficients. */
    static double[][] classProbabilities(double[][] design, double[] beta, int classes) {
        return classes > 2 ? probabilities(design, beta, classes)
                : toProbabilities(new double[][] {scores(design, beta, 0)});
    }

    /**
     * Class probabilities {@code [class][row]} from scores {@code [output][row]}: one output is the log-odds of the
     * second of two classes (logistic), several are one score per class (softmax, computed in place).
     */
    static double[][] toProbabilities(double[][] z) {
        if (z.length == 1) {
            double[][] p = new double[2][z[0].length];
            RowParts.forEach(z[0].length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    p[1][i] = sigmoid(z[0][i]);
                    p[0][i] = 1 - p[1][i];
                }
            });
            return p;
        }
        int classes = z.length;
        for (int i = 0; i < z[0].length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[k][i]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                z[k][i] = Math.exp(z[k][i] - max);
                sum += z[k][i];
            }
            for (int k = 0; k < classes; k++) {
                z[k][i] /= sum;
            }
        }
        return z;
    }

    /** The mean (unweighted, unregularized) log loss: ML.TRAINING_INFO's loss. */
    static double meanLogLoss(double[][] design, double[] beta, int[] y, int classes) {
        if (y.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        if (classes == 2) {
            double[] z = scores(design, beta, 0);
            for (int i = 0; i < y.length; i++) {
                double p = Math.min(Math.max(sigmoid(z[i]), ClassificationMetrics.EPSILON),
                        1 - ClassificationMetrics.EPSILON);
                sum -= y[i] == 1 ? Math.log(p) : Math.log(1 - p);
            }
        } else {
            double[][] p = probabilities(design, beta, classes);
            for (int i = 0; i < y.length; i++) {
                sum -= Math.log(Math.max(p[y[i]][i], ClassificationMetrics.EPSILON));
            }
        }
        return sum / y.length;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double ridge(double[] beta, double[] gradient, double l2, int penalized, int offset) {
        double value = 0;
        for (int j = offset; j < offset + penalized; j++) {
            value += l2 / 2 * beta[j] * beta[j];
            gradient[j] += l2 * beta[j];
        }
        return value;
    }
}
