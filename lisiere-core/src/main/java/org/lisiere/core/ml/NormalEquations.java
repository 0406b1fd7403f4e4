package org.lisiere.core.ml;

import java.util.Optional;

/**
 * Weighted least squares by the normal equations {@code (XᵀWX + λI) b = XᵀWy}, solved by Cholesky: one pass of
 * {@code n p² / 2} multiply-adds over a column-major design, the fast path of each Newton step of logistic
 * regression. Gives up (empty) when the system is too ill-conditioned to trust, so the caller can fall back to QR.
 */
final class NormalEquations {
    /** Below this ratio of a Cholesky pivot to the largest diagonal entry, the system is left to QR. */
    private static final double ILL_CONDITIONED = 1e-10;

    private NormalEquations() {}

    /**
     * @param design column-major, the intercept (if any) last
     * @param weights one per row
     * @param l2 added to the diagonal of the first {@code penalized} columns
     */
    static Optional<double[]> solve(double[][] design, double[] weights, double[] y, double l2, int penalized) {
        double[][] products = WeightedGram.of(design, weights, y);
        double[] rhs = new double[design.length];
        for (int j = 0; j < rhs.length; j++) {
            rhs[j] = products[j][design.length];
        }
        return solve(products, rhs, l2, penalized);
    }

    /**
     * Solves {@code (G + λI) b = rhs} for the symmetric G given by its upper triangle in {@code products} (p rows,
     * at least p columns, as {@link WeightedGram} gives), λ on the first {@code penalized} diagonal entries.
     */
    static Optional<double[]> solve(double[][] products, double[] rhs, double l2, int penalized) {
        int p = rhs.length;
        double[][] gram = new double[p][p];
        for (int j = 0; j < p; j++) {
            for (int k = j; k < p; k++) {
                gram[j][k] = products[j][k];
                gram[k][j] = products[j][k];
            }
        }
        for (int j = 0; j < penalized; j++) {
            gram[j][j] += l2;
        }
        return cholesky(gram).map(lower -> substitute(lower, rhs));
    }

    /** The lower-triangular L with {@code L Lᵀ = a}, or empty when a pivot is too small. */
    private static Optional<double[][]> cholesky(double[][] a) {
        int p = a.length;
        double largest = 0;
        for (int j = 0; j < p; j++) {
            largest = Math.max(largest, Math.abs(a[j][j]));
        }
        double[][] lower = new double[p][p];
        for (int j = 0; j < p; j++) {
            double diagonal = a[j][j];
            for (int k = 0; k < j; k++) {
                diagonal -= lower[j][k] * lower[j][k];
            }
            if (!(diagonal > ILL_CONDITIONED * largest)) {
                return Optional.empty();
            }
            lower[j][j] = Math.sqrt(diagonal);
            for (int i = j + 1; i < p; i++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= lower[i][k] * lower[j][k];
                }
                lower[i][j] = sum / lower[j][j];
            }
        }
        return Optional.of(lower);
    }

    private static double[] substitute(double[][] lower, double[] rhs) {
        int p = rhs.length;
        double[] forward = new double[p];
        for (int i = 0; i < p; i++) {
            double sum = rhs[i];
            for (int k = 0; k < i; k++) {
                sum -= lower[i][k] * forward[k];
            }
            forward[i] = sum / lower[i][i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double sum = forward[i];
            for (int k = i + 1; k < p; k++) {
                sum -= lower[k][i] * x[k];
            }
            x[i] = sum / lower[i][i];
        }
        return x;
    }
}
