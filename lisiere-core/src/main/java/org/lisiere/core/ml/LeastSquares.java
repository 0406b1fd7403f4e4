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
     * @param a the design matrix, rows × columns; left unchanged
     * @param b the targets; overwritten
     * @throws IllegalArgumentException naming the first column that is a linear combination of the others
     */
    static double[] solve(double[][] a, double[] b) {
        int rows = a.length;
        int columns = a[0].length;
        if (rows < columns) {
            throw new IllegalArgumentException("fewer rows (" + rows + ") than coefficients (" + columns + ")");
        }
        // Column-major copy: every loop below runs down one column, which must be contiguous in memory to be fast
        // on millions of rows.
        double[][] q = new double[columns][rows];
        double scale = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                q[j][i] = a[i][j];
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        double[] diagonal = new double[columns];
        for (int k = 0; k < columns; k++) {
            double[] column = q[k];
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
            for (int j = k + 1; j < columns; j++) {
                reflect(column, q[j], k, rows);
            }
            reflect(column, b, k, rows);
            diagonal[k] = norm;
        }
        double[] x = new double[columns];
        for (int k = columns - 1; k >= 0; k--) {
            double sum = b[k];
            for (int j = k + 1; j < columns; j++) {
                sum -= q[j][k] * x[j];
            }
            x[k] = sum / diagonal[k];
        }
        return x;
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
