package org.lisiere.core.ml;

import java.util.List;
import java.util.Optional;

/**
 * Newton's method for binary logistic regression as iteratively reweighted least squares: each step solves a
 * weighted least-squares problem by the normal equations (Householder QR when they are ill-conditioned), with L2 as
 * ridge rows. Inputs that are linear combinations of others get weight 0, as in R's {@code glm}. Each step reads the
 * design twice: once for the Hessian ({@link WeightedGram}, from a sample of the rows while far from the optimum on
 * large data, see {@link Sampling}) and once for the new scores, loss and gradient ({@link Pass}).
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
     * What a solve needs from the model's options.
     *
     * @param penalized the number of leading weights L2 applies to (all but the intercept)
     * @param earlyStop whether to stop below {@code minRelProgress} of the training loss (the listener may stop on an
     *     evaluation loss instead)
     */
    record Settings(double l2, int penalized, int maxIterations, boolean earlyStop, double minRelProgress,
            Sampling sampling) {
        Settings {
            java.util.Objects.requireNonNull(sampling, "sampling is null");
        }

        static Settings of(LinearOptions options, Inputs inputs, boolean earlyStop) {
            return new Settings(options.l2(), inputs.width(), options.maxIterations(), earlyStop,
                    options.minRelProgress(), Sampling.DEFAULT);
        }
    }

    /**
     * When a step estimates the Hessian from one block of rows in {@code stride} (see {@link #sampledStep}): with at
     * least {@code minRows} training rows, from weights whose gradient is above {@code until} of the starting one.
     * Close to the optimum every step takes the exact Hessian, so the solution and the stopping rule are the exact
     * method's.
     */
    record Sampling(int minRows, int stride, double until) {
        /** A sample of at least 131,072 rows; measured on P4's million rows: two sampled steps then two exact. */
        static final Sampling DEFAULT = new Sampling(1 << 19, 4, 1e-2);
        static final Sampling NEVER = new Sampling(Integer.MAX_VALUE, 1, Double.POSITIVE_INFINITY);

        boolean applies(int rows, double relativeGradient) {
            return rows >= minRows && relativeGradient > until;
        }
    }

    /** The weights found, and the training rows' scores (log-odds) at them. */
    record Solution(double[] weights, double[] scores) {}

    static Solution solve(double[][] design, int[] y, double[] weights, Settings settings, Listener listener) {
        int width = design.length;
        int penalized = settings.penalized();
        double l2 = settings.l2();
        double[] beta = new double[width];
        // one set of per-row arrays for all steps: each is dead once the step that reads it is solved
        double[] z = new double[y.length];
        double[] variance = new double[y.length];
        double[] working = new double[y.length];
        Pass at = Pass.over(design, beta, y, weights, z, variance, working);
        double loss = at.objective(beta, l2, penalized);
        double startingGradient = at.gradientNorm(beta, l2, penalized);
        for (int iteration = 0; iteration < settings.maxIterations(); iteration++) {
            boolean sampled = settings.sampling().applies(y.length, at.gradientNorm(beta, l2, penalized)
                    / startingGradient);
            double[] next = (sampled ? sampledStep(design, variance, at, beta, settings) : Optional.<double[]>empty())
                    .or(() -> NormalEquations.solve(design, variance, working, l2, penalized))
                    .orElseGet(() -> leastSquaresStep(design, variance, working, l2, penalized));
            at = Pass.over(design, next, y, weights, z, variance, working);
            double nextLoss = at.objective(next, l2, penalized);
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
            boolean optimal = at.gradientNorm(beta, l2, penalized) <= GRADIENT_CONVERGED * startingGradient;
            if (stop || optimal || change <= CONVERGED * (1 + size)
                    || settings.earlyStop() && progress < settings.minRelProgress()) {
                break;
            }
        }
        return new Solution(beta, z);
    }

    /**
     * A Newton step {@code β − H⁻¹ g} with the exact gradient and the Hessian estimated from a sample of the rows
     * (subsampled Newton: Byrd, Chin, Neveitt and Nocedal 2011, "On the use of stochastic Hessian information in
     * optimization methods for machine learning"): far from the optimum a Hessian within a fraction of a percent
     * moves the weights about as far as the exact one, at a fraction of its cost, which is most of a step's. Empty
     * when the estimate is too ill-conditioned.
     */
    private static Optional<double[]> sampledStep(double[][] design, double[] variance, Pass at, double[] beta,
            Settings settings) {
        double l2 = settings.l2();
        int penalized = settings.penalized();
        // the products with a response are not needed (the gradient is exact): the IRLS weights stand in for it
        double[][] hessian = WeightedGram.sampled(design, variance, variance, settings.sampling().stride());
        double[] descent = new double[beta.length];
        for (int j = 0; j < beta.length; j++) {
            descent[j] = -(j < penalized ? at.gradient()[j] + l2 * beta[j] : at.gradient()[j]);
        }
        return NormalEquations.solve(hessian, descent, l2, penalized).map(step -> {
            double[] next = beta.clone();
            for (int j = 0; j < next.length; j++) {
                next[j] += step[j];
            }
            return next;
        });
    }

    /**
     * One pass over the rows at weights {@code beta}: writes their scores {@code z = X β} and the next step's IRLS
     * weights and working response; sums the weighted negative log-likelihood, the unweighted clamped log-loss and
     * the gradient {@code Xᵀ w (p − y)}. Block by block, so that each block of the design is read from memory once
     * for the scores and the gradient.
     */
    private record Pass(double[] gradient, double negativeLogLikelihood, double logLossSum, int rows) {
        /** {@code -log(1 - 1e-15)} and {@code -log(1e-15)}: a row's log-loss with its probability clamped. */
        private static final double LEAST_LOSS = -Math.log1p(-ClassificationMetrics.EPSILON);
        private static final double MOST_LOSS = -Math.log(ClassificationMetrics.EPSILON);

        static Pass over(double[][] design, double[] beta, int[] y, double[] weights, double[] z,
                double[] variance, double[] working) {
            int n = z.length;
            double[] gradient = new double[design.length];
            List<double[]> sums = RowParts.map(n, (from, to) -> rows(design, beta, y, weights, z, variance, working,
                    from, to));
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
         * Rows {@code [from, to)}: writes their scores, IRLS weights and working response; returns the gradient's
         * partial sums, then the negative log-likelihood's and the log-loss's.
         */
        private static double[] rows(double[][] design, double[] beta, int[] y, double[] weights, double[] z,
                double[] variance, double[] working, int from, int to) {
            int p = design.length;
            double[] sums = new double[p + 2];
            double[] residual = new double[BLOCK];
            for (int start = from; start < to; start += BLOCK) {
                int length = Math.min(BLOCK, to - start);
                java.util.Arrays.fill(z, start, start + length, 0);
                LogisticObjectives.addScores(design, beta, 0, z, start, start + length);
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
    private static double[] leastSquaresStep(double[][] design, double[] variance, double[] working, double l2,
            int penalized) {
        double[] root = new double[variance.length];
        double[] target = new double[variance.length + ridgeRows(l2, penalized)];
        for (int i = 0; i < root.length; i++) {
            root[i] = Math.sqrt(variance[i]);
            target[i] = root[i] * working[i];
        }
        return LeastSquares.solve(weighted(design, root, l2, penalized), target).coefficients();
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
        double[] target = new double[z.length + ridgeRows(options.l2(), inputs.width())];
        return LeastSquares.solve(weighted(design, root, options.l2(), inputs.width()), target).inverseGram();
    }

    private static int ridgeRows(double l2, int penalized) {
        return l2 > 0 ? penalized : 0;
    }

    /** {@code diag(root) X} with the ridge rows below, column-major. */
    private static double[][] weighted(double[][] design, double[] root, double l2, int penalized) {
        int n = root.length;
        int ridge = ridgeRows(l2, penalized);
        double[][] a = new double[design.length][n + ridge];
        for (int j = 0; j < design.length; j++) {
            for (int i = 0; i < n; i++) {
                a[j][i] = root[i] * design[j][i];
            }
        }
        for (int j = 0; j < ridge; j++) {
            a[j][n + j] = Math.sqrt(l2);
        }
        return a;
    }
}
