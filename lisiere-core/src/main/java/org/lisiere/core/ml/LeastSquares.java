package org.lisiere.core.ml;

/**
 * Least squares by Householder QR, which keeps the accuracy that the normal equations lose on ill-conditioned data
 * (Longley's condition number is about 1e8 before standardization).
 */
final class LeastSquares {
    private LeastSquares() {}

    /**
     * The solution and the triangular factor R of {@code A = QR}, from which {@code (AᵀA)⁻¹ = R⁻¹R⁻ᵀ} gives the
     * standard errors of the coefficients.
     */
    record Fit(double[] coefficients, double[][] r) {
        /** {@code (AᵀA)⁻¹}, columns × columns. */
        double[][] inverseGram() {
            int n = coefficients.length;
            double[][] inverse = new double[n][n]; // R⁻¹, upper triangular
            for (int k = 0; k < n; k++) {
                inverse[k][k] = 1 / r[k][k];
                for (int i = k - 1; i >= 0; i--) {
                    double sum = 0;
                    for (int j = i + 1; j <= k; j++) {
                        sum += r[i][j] * inverse[j][k];
                    }
                    inverse[i][k] = -sum / r[i][i];
                }
            }
            double[][] gram = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double sum = 0;
                    for (int k = j; k < n; k++) {
                        sum += inverse[i][k] * inverse[j][k];
                    }
                    gram[i][j] = sum;
                    gram[j][i] = sum;
                }
            }
            return gram;
        }
    }

    /**
     * Solves min ||A x - b|| for a full-rank {@code A} with at least as many rows as columns.
     *
     * @param columns the design matrix, column-major ({@code columns[j][i]} is row i of column j); overwritten.
     *     Column-major because every loop runs down one column, which must be contiguous to be fast on millions of
     *     rows.
     * @param b the targets; overwritten
     * @throws IllegalArgumentException naming the first column that is a linear combination of the others
     */
    static Fit solve(double[][] columns, double[] b) {
        int width = columns.length;
        int rows = b.length;
        if (rows < width) {
            throw new IllegalArgumentException("fewer rows (" + rows + ") than coefficients (" + width + ")");
        }
        double scale = 0;
        for (double[] column : columns) {
            for (int i = 0; i < rows; i++) {
                scale = Math.max(scale, Math.abs(column[i]));
            }
        }
        double[] diagonal = new double[width];
        for (int k = 0; k < width; k++) {
            double[] column = columns[k];
            double norm = norm(column, k, rows);
            if (norm <= 1e-12 * Math.max(scale, 1) * Math.sqrt(rows)) {
                throw new IllegalArgumentException("column " + k + " is a linear combination of the others");
            }
            if (column[k] > 0) {
                norm = -norm;
            }
            for (int i = k; i < rows; i++) {
                column[i] /= -norm;
            }
            column[k] += 1;
            for (int j = k + 1; j < width; j++) {
                reflect(column, columns[j], k, rows);
            }
            reflect(column, b, k, rows);
            diagonal[k] = norm;
        }
        double[][] r = new double[width][width];
        for (int k = 0; k < width; k++) {
            r[k][k] = diagonal[k];
            for (int j = k + 1; j < width; j++) {
                r[k][j] = columns[j][k];
            }
        }
        double[] x = new double[width];
        for (int k = width - 1; k >= 0; k--) {
            double sum = b[k];
            for (int j = k + 1; j < width; j++) {
                sum -= r[k][j] * x[j];
            }
            x[k] = sum / diagonal[k];
        }
        return new Fit(x, r);
    }

    /** The Euclidean norm of column[from..to), scaled by its largest entry so that squares cannot overflow. */
    private static double norm(double[] column, int from, int to) {
        double largest = 0;
        for (int i = from; i < to; i++) {
            largest = Math.max(largest, Math.abs(column[i]));
        }
        if (largest == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            double scaled = column[i] / largest;
            sum += scaled * scaled;
        }
        return largest * Math.sqrt(sum);
    }

    /** Applies the Householder reflection stored in {@code householder} (from row k on) to {@code target}. */
    private static void reflect(double[] householder, double[] target, int k, int rows) {
        double s = 0;
        for (int i = k; i < rows; i++) {
            s += householder[i] * target[i];
        }
        s = -s / householder[k];
        for (int i = k; i < rows; i++) {
            target[i] += s * householder[i];
        }
    }
}
