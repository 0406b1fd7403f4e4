package org.lisiere.core.ml;

/**
 * Least squares by Householder QR, which keeps the accuracy that the normal equations lose on ill-conditioned data
 * (Longley's condition number is about 1e8 before standardization).
 */
final class LeastSquares {
    private LeastSquares() {}

    /**
     * Solves min ||A x - b|| for a full-rank {@code A} with at least as many rows as columns.
     *
     * @param a the design matrix, rows × columns; overwritten
     * @param b the targets; overwritten
     * @throws IllegalArgumentException naming the first column that is a linear combination of the others
     */
    static double[] solve(double[][] a, double[] b) {
        int rows = a.length;
        int columns = a[0].length;
        if (rows < columns) {
            throw new IllegalArgumentException("fewer rows (" + rows + ") than coefficients (" + columns + ")");
        }
        double[] diagonal = new double[columns];
        double scale = 0;
        for (double[] row : a) {
            for (double value : row) {
                scale = Math.max(scale, Math.abs(value));
            }
        }
        for (int k = 0; k < columns; k++) {
            double norm = 0;
            for (int i = k; i < rows; i++) {
                norm = Math.hypot(norm, a[i][k]);
            }
            if (norm <= 1e-12 * Math.max(scale, 1) * Math.sqrt(rows)) {
                throw new IllegalArgumentException("column " + k + " is a linear combination of the others");
            }
            if (a[k][k] > 0) {
                norm = -norm;
            }
            for (int i = k; i < rows; i++) {
                a[i][k] /= -norm;
            }
            a[k][k] += 1;
            for (int j = k + 1; j < columns; j++) {
                reflect(a, k, j, rows);
            }
            double s = 0;
            for (int i = k; i < rows; i++) {
                s += a[i][k] * b[i];
            }
            s = -s / a[k][k];
            for (int i = k; i < rows; i++) {
                b[i] += s * a[i][k];
            }
            diagonal[k] = norm;
        }
        double[] x = new double[columns];
        for (int k = columns - 1; k >= 0; k--) {
            double sum = b[k];
            for (int j = k + 1; j < columns; j++) {
                sum -= a[k][j] * x[j];
            }
            x[k] = sum / diagonal[k];
        }
        return x;
    }

    private static void reflect(double[][] a, int k, int j, int rows) {
        double s = 0;
        for (int i = k; i < rows; i++) {
            s += a[i][k] * a[i][j];
        }
        s = -s / a[k][k];
        for (int i = k; i < rows; i++) {
            a[i][j] += s * a[i][k];
        }
    }
}
