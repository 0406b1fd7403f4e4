package org.lisiere.core.ml;

import java.util.List;

/**
 * Newton's method for binary logistic regression as iteratively reweighted least squares: each step solves a
 * weighted least-squares problem by the normal equations (Householder QR when they are ill-conditioned), with L2 as
 * ridge rows. Inputs that are linear combinations of others get weight 0, as in R's {@code glm}.
 */
final class Irls {
    private static final double CONVERGED = 1e-10;
    /** Converged when the objective's gradient is this fraction of its value at the start (all weights 0). */
    static final double GRADIENT_CONVERGED = 1e-8;
    /** Rows per block of a pass: the block's residuals stay in cache while every column meets them. */
    private static final int BLOCK = 2048;

    private Irls() {}

    /** Called after every Newton step with the objective and the mean (unweighted) log-loss of the training rows. */
    interface Listener {
        /** Returns true to stop there (early stopping on an evaluation split). */
        boolean iteration(int iteration, double[] beta, double objective, double meanLogLoss);
    }

    /**
     * @param earlyStop whether to stop below {@code min_rel_progress} of the training loss (the listener may stop on
     *     an evaluation loss instead)
     */
    static double[] solve(double[][] design, int[] y, double[] weights, LinearOptions options,
            Inputs inputs, boolean earlyStop, Listener listener) {
        int width = design.length;
        int penalized = inputs.width();
        double[] beta = new double[width];
        // one set of per-row arrays for all steps: each is dead once the step that reads it is solved
        double[] z = new double[y.length];
        double[] variance = new double[y.length];
        double[] working = new double[y.length];
        Pass at = Pass.over(design, z, y, weights, variance, working);
        double loss = at.objective(beta, options.l2(), penalized);
        double startingGradient = at.gradientNorm(beta, options.l2(), penalized);
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            double[] next = NormalEquations.solve(design, variance, working, options.l2(), penalized)
                    .orElseGet(() -> leastSquaresStep(design, variance, working, options, inputs));
            LogisticObjectives.scores(design, next, 0, z);
            at = Pass.over(design, z, y, weights, variance, working);
            double nextLoss = at.objective(next, options.l2(), penalized);
            double change = 0;
            double size = 0;
            for (int j = 0; j < width; j++) {
                change = Math.max(change, Math.abs(next[j] - beta[j]));
                size = Math.max(size, Math.abs(next[j]));
            }
            double progress = (loss - nextLoss) / Math.max(Math.abs(loss), 1e-300);
            beta = next;
            loss = nextLoss;
            boolean stop = listener.iteration(iteration + 1, beta, loss, at.meanLogLoss());
            // the optimum reached: a further step (the whole cost of an iteration) would not move the weights
            boolean optimal = at.gradientNorm(beta, options.l2(), penalized) <= GRADIENT_CONVERGED * startingGradient;
            if (stop || optimal || change <= CONVERGED * (1 + size)
                    || earlyStop && progress < options.minRelProgress()) {
                break;
            }
        }
        return beta;
    }

    /**
     * One pass over the rows at scores {@code z}: the weighted negative log-likelihood, the unweighted clamped
     * log-loss, the gradient {@code Xᵀ w (p − y)}; writes the next step's IRLS weights and working response.
     */
    private record Pass(double[] gradient, double negativeLogLikelihood, double logLossSum, int rows) {
        /** {@code -log(1 - 1e-15)} and {@code -log(1e-15)}: a row's log-loss with its probability clamped. */
        private static final double LEAST_LOSS = -Math.log1p(-ClassificationMetrics.EPSILON);
        private static final double MOST_LOSS = -Math.log(ClassificationMetrics.EPSILON);

        static Pass over(double[][] design, double[] z, int[] y, double[] weights, double[] variance,
                double[] working) {
            int n = z.length;
            double[] gradient = new double[design.length];
            List<double[]> sums = RowParts.map(n, (from, to) -> rows(design, z, y, weights, variance, working, from,
                    to));
            double negativeLogLikelihood = 0;
            double logLoss = 0;
            for (double[] part : sums) {
                for (int j = 0; j < gradient.length; j++) {
                    gradient[j] += part[j];
                }
                negativeLogLikelihood += part[gradient.length];
                logLoss += part[gradient.length + 1];
            }
            return new Pass(gradient, negativeLogLikelihood, logLoss, n);
        }

        /**
         * Rows {@code [from, to)}: writes their IRLS weights and working response; returns the gradient's partial
         * sums, then the negative log-likelihood's and the log-loss's.
         */
        private static double[] rows(double[][] design, double[] z, int[] y, double[] weights, double[] variance,
                double[] working, int from, int to) {
            int p = design.length;
            double[] sums = new double[p + 2];
            double[] residual = new double[BLOCK];
            for (int start = from; start < to; start += BLOCK) {
                int length = Math.min(BLOCK, to - start);
                for (int b = 0; b < length; b++) {
                    int i = start + b;
                    double zi = z[i];
                    // One exponential serves the loss and the probability. -log P(y) is log(1 + e^z) - y z, without
                    // overflow; log(1 + t) rather than log1p(t) (several times slower) errs by 1e-16 at most.
                    double t = Math.exp(-Math.abs(zi));
                    double loss = Math.max(zi, 0) + Math.log(1 + t) - y[i] * zi;
                    double probability = zi >= 0 ? 1 / (1 + t) : t / (1 + t);
                    double curvature = Math.max(probability * (1 - probability), 1e-12);
                    sums[p] += weights[i] * loss;
                    sums[p + 1] += Math.min(Math.max(loss, LEAST_LOSS), MOST_LOSS);
                    variance[i] = weights[i] * curvature;
                    working[i] = zi + (y[i] - probability) / curvature;
                    residual[b] = weights[i] * (probability - y[i]);
                }
                addGradient(design, residual, start, length, sums);
            }
            return sums;
        }

        /**
         * Adds {@code Xᵀ residual} over one block to {@code sums}, four columns at a time: four independent sums
         * per pass over the residuals, where one would wait on each addition.
         */
        private static void addGradient(double[][] design, double[] residual, int start, int length, double[] sums) {
            int p = design.length;
            int j = 0;
            for (; j + 4 <= p; j += 4) {
                double[] c0 = design[j];
                double[] c1 = design[j + 1];
                double[] c2 = design[j + 2];
                double[] c3 = design[j + 3];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int b = 0; b < length; b++) {
                    double r = residual[b];
                    s0 += r * c0[start + b];
                    s1 += r * c1[start + b];
                    s2 += r * c2[start + b];
                    s3 += r * c3[start + b];
                }
                sums[j] += s0;
                sums[j + 1] += s1;
                sums[j + 2] += s2;
                sums[j + 3] += s3;
            }
            for (; j < p; j++) {
                double[] column = design[j];
                double sum = 0;
                for (int b = 0; b < length; b++) {
                    sum += residual[b] * column[start + b];
                }
                sums[j] += sum;
            }
        }

        double objective(double[] beta, double l2, int penalized) {
            double value = negativeLogLikelihood;
            for (int j = 0; j < penalized; j++) {
                value += l2 / 2 * beta[j] * beta[j];
            }
            return value;
        }

        double meanLogLoss() {
            return logLossSum / rows;
        }

        /** The largest component of the objective's gradient: {@code Xᵀ w (p − y)} plus the L2 penalty's {@code l2 β}. */
        double gradientNorm(double[] beta, double l2, int penalized) {
            double largest = 0;
            for (int j = 0; j < gradient.length; j++) {
                largest = Math.max(largest, Math.abs(j < penalized ? gradient[j] + l2 * beta[j] : gradient[j]));
            }
            return largest;
        }
    }

    /**
     * The same step by QR on {@code diag(√w) X}, when the normal equations are too ill-conditioned for Cholesky or
     * an input is a linear combination of others (its weight becomes 0).
     */
    private static double[] leastSquaresStep(double[][] design, double[] variance, double[] working,
            LinearOptions options, Inputs inputs) {
        double[] root = new double[variance.length];
        double[] target = new double[variance.length + ridgeRows(options, inputs)];
        for (int i = 0; i < root.length; i++) {
            root[i] = Math.sqrt(variance[i]);
            target[i] = root[i] * working[i];
        }
        return LeastSquares.solve(weighted(design, root, options, inputs), target).coefficients();
    }

    /** The covariance of the standardized coefficients at {@code beta}: the inverse of the penalized Hessian. */
    static double[][] covariance(double[][] design, double[] beta, double[] weights,
            LinearOptions options, Inputs inputs) {
        double[] z = LogisticObjectives.scores(design, beta, 0);
        double[] root = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double p = LogisticObjectives.sigmoid(z[i]);
            root[i] = Math.sqrt(weights[i] * p * (1 - p));
        }
        double[] target = new double[z.length + ridgeRows(options, inputs)];
        return LeastSquares.solve(weighted(design, root, options, inputs), target).inverseGram();
    }

    private static int ridgeRows(LinearOptions options, Inputs inputs) {
        return options.l2() > 0 ? inputs.width() : 0;
    }

    /** {@code diag(root) X} with the ridge rows below, column-major. */
    private static double[][] weighted(double[][] design, double[] root, LinearOptions options, Inputs inputs) {
        int n = root.length;
        int ridge = ridgeRows(options, inputs);
        double[][] a = new double[design.length][n + ridge];
        for (int j = 0; j < design.length; j++) {
            for (int i = 0; i < n; i++) {
                a[j][i] = root[i] * design[j][i];
            }
        }
        for (int j = 0; j < ridge; j++) {
            a[j][n + j] = Math.sqrt(options.l2());
        }
        return a;
    }
}
