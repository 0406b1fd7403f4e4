package org.lisiere.core.ml;

import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Weighted least squares by the normal equations {@code (XᵀWX + λI) b = XᵀWy}, solved by Cholesky: one pass of
 * {@code n p² / 2} multiply-adds over a column-major design, the fast path of each Newton step of logistic
 * regression. Gives up (empty) when the system is too ill-conditioned to trust, so the caller can fall back to QR.
 */
final class NormalEquations {
    /** Below this ratio of a Cholesky pivot to the largest diagonal entry, the system is left to QR. */
    private static final double ILL_CONDITIONED = 1e-10;
    /** Rows per block of the Gram pass: a block of a 20-column design and its weighted copy fit in L2 cache. */
    private static final int BLOCK = 1024;

    private NormalEquations() {}

    /**
     * @param design column-major, the intercept (if any) last
     * @param weights one per row
     * @param l2 added to the diagonal of the first {@code penalized} columns
     */
    static Optional<double[]> solve(double[][] design, double[] weights, double[] y, double l2, int penalized) {
        int p = design.length;
        int n = weights.length;
        // Two fixed halves of the rows, one per core, summed in a fixed order: the result does not depend on
        // scheduling.
        int half = n / 2;
        double[][][] partial = IntStream.range(0, 2).parallel()
                .mapToObj(part -> blockedGram(design, weights, y, part == 0 ? 0 : half, part == 0 ? half : n))
                .toArray(double[][][]::new);
        double[][] gram = new double[p][p];
        double[] rhs = new double[p];
        for (int j = 0; j < p; j++) {
            for (int k = j; k < p; k++) {
                gram[j][k] = partial[0][j][k] + partial[1][j][k];
                gram[k][j] = gram[j][k];
            }
            rhs[j] = partial[0][j][p] + partial[1][j][p];
        }
        for (int j = 0; j < penalized; j++) {
            gram[j][j] += l2;
        }
        return cholesky(gram).map(lower -> substitute(lower, rhs));
    }

    /**
     * The upper triangle of {@code XᵀWX} over rows [from, to), with {@code XᵀWy} as an extra last column, computed
     * block by block so that each block of the design is read from memory once and reused from cache for all
     * {@code p²/2} products (one dot product per pair over all rows would stream the design p/2 times). Within a
     * block, pairs of columns meet pairs of columns: four independent sums per pass keep the multiply-add units
     * busy where one running sum would wait on each addition.
     */
    private static double[][] blockedGram(double[][] design, double[] weights, double[] y, int from, int to) {
        int p = design.length;
        int rows = p + p % 2; // the weighted columns, padded with a zero column to an even count
        int columns = p + 1 + (p + 1) % 2; // the design's columns then y, padded likewise
        double[][] gram = new double[rows][columns];
        double[][] weighted = new double[rows][BLOCK];
        double[][] plain = new double[columns][BLOCK];
        for (int start = from; start < to; start += BLOCK) {
            int length = Math.min(BLOCK, to - start);
            for (int j = 0; j < p; j++) {
                double[] column = design[j];
                double[] target = weighted[j];
                for (int i = 0; i < length; i++) {
                    target[i] = weights[start + i] * column[start + i];
                }
                System.arraycopy(column, start, plain[j], 0, length);
            }
            System.arraycopy(y, start, plain[p], 0, length);
            for (int j = 0; j < rows; j += 2) {
                for (int k = j; k < columns; k += 2) {
                    addProducts(weighted[j], weighted[j + 1], plain[k], plain[k + 1], length, gram, j, k);
                }
            }
        }
        return gram;
    }

    /** Adds the four dot products of {@code a0, a1} with {@code b0, b1} over the first {@code length} entries. */
    private static void addProducts(double[] a0, double[] a1, double[] b0, double[] b1, int length, double[][] gram,
            int j, int k) {
        double s00 = 0;
        double s01 = 0;
        double s10 = 0;
        double s11 = 0;
        for (int i = 0; i < length; i++) {
            double x0 = a0[i];
            double x1 = a1[i];
            double y0 = b0[i];
            double y1 = b1[i];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s10 += x1 * y0;
            s11 += x1 * y1;
        }
        gram[j][k] += s00;
        gram[j][k + 1] += s01;
        gram[j + 1][k] += s10;
        gram[j + 1][k + 1] += s11;
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
