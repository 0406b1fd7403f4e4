package org.lisiere.core.ml;

/**
 * Newton's method for binary logistic regression as iteratively reweighted least squares: each step solves a
 * weighted least-squares problem by Householder QR, with L2 as ridge rows. Inputs that are linear combinations
 * of others get weight 0, as in R's {@code glm}.
 */
final class Irls {
    private static final double CONVERGED = 1e-10;
    /** Converged when the objective's gradient is this fraction of its value at the start (all weights 0). */
    static final double GRADIENT_CONVERGED = 1e-8;

    private Irls() {}

    /**
     * @param earlyStop whether to stop below {@code min_rel_progress} of the training loss (the listener may stop on
     *     an evaluation loss instead)
     */
    static double[] solve(double[][] design, int[] y, double[] weights, LinearOptions options,
            Inputs inputs, boolean earlyStop, Lbfgs.Listener listener) {
        int width = design.length;
        double[] beta = new double[width];
        double[] z = LogisticObjectives.scores(design, beta, 0);
        double loss = objective(z, beta, y, weights, options.l2(), inputs.width());
        double startingGradient = -1;
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            double[] variance = new double[z.length];
            double[] working = new double[z.length];
            double[] residual = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                double p = LogisticObjectives.sigmoid(z[i]);
                variance[i] = weights[i] * Math.max(p * (1 - p), 1e-12);
                working[i] = z[i] + (y[i] - p) / Math.max(p * (1 - p), 1e-12);
                residual[i] = weights[i] * (p - y[i]);
            }
            // the optimum reached: a further step (the whole cost of an iteration) would not move the weights
            double gradient = gradientNorm(design, residual, beta, options.l2(), inputs.width());
            if (startingGradient < 0) {
                startingGradient = gradient;
            } else if (gradient <= GRADIENT_CONVERGED * startingGradient) {
                break;
            }
            double[] next = NormalEquations.solve(design, variance, working, options.l2(), inputs.width())
                    .orElseGet(() -> leastSquaresStep(design, variance, working, options, inputs));
            z = LogisticObjectives.scores(design, next, 0);
            double nextLoss = objective(z, next, y, weights, options.l2(), inputs.width());
            double change = 0;
            double size = 0;
            for (int j = 0; j < width; j++) {
                change = Math.max(change, Math.abs(next[j] - beta[j]));
                size = Math.max(size, Math.abs(next[j]));
            }
            double progress = (loss - nextLoss) / Math.max(Math.abs(loss), 1e-300);
            beta = next;
            loss = nextLoss;
            boolean stop = listener.iteration(iteration + 1, beta, loss);
            if (stop || change <= CONVERGED * (1 + size) || earlyStop && progress < options.minRelProgress()) {
                break;
            }
        }
        return beta;
    }

    /**
     * The largest component of the objective's gradient, {@code Xᵀ residual} plus the L2 penalty's {@code l2 β} on
     * the first {@code penalized} weights; the columns are summed one per core, each in row order.
     */
    private static double gradientNorm(double[][] design, double[] residual, double[] beta, double l2,
            int penalized) {
        return java.util.stream.IntStream.range(0, design.length).parallel().mapToDouble(j -> {
            double sum = 0;
            double[] column = design[j];
            for (int i = 0; i < residual.length; i++) {
                sum += residual[i] * column[i];
            }
            return Math.abs(j < penalized ? sum + l2 * beta[j] : sum);
        }).max().orElse(0);
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

    /** The weighted negative log-likelihood at scores {@code z} plus the L2 penalty. */
    private static double objective(double[] z, double[] beta, int[] y, double[] weights, double l2, int penalized) {
        double value = LogisticObjectives.negativeLogLikelihood(z, y, weights);
        for (int j = 0; j < penalized; j++) {
            value += l2 / 2 * beta[j] * beta[j];
        }
        return value;
    }
}
