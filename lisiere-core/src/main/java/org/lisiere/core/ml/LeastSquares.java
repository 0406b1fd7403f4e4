package org.lisiere.core.ml;

/**
 * Least squares by Householder QR, which keeps the accuracy that the normal equations lose on ill-conditioned data
 * (Longley's condition number is about 1e8 before standardization).
 */
final class LeastSquares {
    private LeastSquares() {}

    /**
     * A column whose part orthogonal to the columns before it is smaller than this share of its norm is a linear
     * combination of them (R's {@code lm} uses the same tolerance).
     */
    static final double COLLINEAR = 1e-7;

    /**
     * The solution and the triangular factor R of {@code A = QR} over the kept columns, from which
     * {@code (AᵀA)⁻¹ = R⁻¹R⁻ᵀ} gives the standard errors of the coefficients.
     *
     * @param coefficients one per column; 0 for a dropped (collinear) column
     * @param kept the indices of the columns that are not linear combinations of the columns before them
     */
    record Fit(double[] coefficients, double[][] r, int[] kept) {
        /** {@code (AᵀA)⁻¹} over the kept columns, columns × columns; NaN in rows and columns of dropped ones. */
        double[][] inverseGram() {
            int rank = kept.length;
            double[][] inverse = new double[rank][rank]; // R⁻¹, upper triangular
            for (int k = 0; k < rank; k++) {
                inverse[k][k] = 1 / r[k][k];
                for (int i = k - 1; i >= 0; i--) {
                    double sum = 0;
                    for (int j = i + 1; j <= k; j++) {
                        sum += r[i][j] * inverse[j][k];
                    }
                    inverse[i][k] = -sum / r[i][i];
                }
            }
            int n = coefficients.length;
            double[][] gram = new double[n][n];
            for (double[] row : gram) {
                java.util.Arrays.fill(row, Double.NaN);
            }
            for (int i = 0; i < rank; i++) {
                for (int j = i; j < rank; j++) {
                    double sum = 0;
                    for (int k = j; k < rank; k++) {
                        sum += inverse[i][k] * inverse[j][k];
                    }
                    gram[kept[i]][kept[j]] = sum;
                    gram[kept[j]][kept[i]] = sum;
                }
            }
            return gram;
        }

        /** Whether some column was dropped as a linear combination of the others. */
        boolean rankDeficient() {
            return kept.length < coefficients.length;
        }
    }

    /**
     * Solves min ||A x - b||; a column that is a linear combination of the columns before it is dropped (its
     * coefficient is 0), as R's {@code lm} does.
     *
     * @param columns the design matrix, column-major ({@code columns[j][i]} is row i of column j); overwritten.
     *     Column-major because every loop runs down one column, which must be contiguous to be fast on millions of
     *     rows.
     * @param b the targets; overwritten
     * @throws IllegalArgumentException when there are fewer rows than kept columns
     */
    static Fit solve(double[][] columns, double[] b) {
        int width = columns.length;
        int rows = b.length;
        double[] originalNorms = new double[width];
        for (int j = 0; j < width; j++) {
            originalNorms[j] = norm(columns[j], 0, rows);
        }
        int[] kept = new int[width];
        double[] diagonal = new double[width];
        int rank = 0;
        for (int k = 0; k < width; k++) {
            double[] column = columns[k];
            double norm = rank < rows ? norm(column, rank, rows) : 0;
            if (norm <= COLLINEAR * originalNorms[k] || norm == 0) {
                continue;
            }
            if (column[rank] > 0) {
                norm = -norm;
            }
            for (int i = rank; i < rows; i++) {
                column[i] /= -norm;
            }
            column[rank] += 1;
            for (int j = k + 1; j < width; j++) {
                reflect(column, columns[j], rank, rows);
            }
            reflect(column, b, rank, rows);
            diagonal[rank] = norm;
            kept[rank++] = k;
        }
        kept = java.util.Arrays.copyOf(kept, rank);
        double[][] r = new double[rank][rank];
        for (int i = 0; i < rank; i++) {
            r[i][i] = diagonal[i];
            for (int j = i + 1; j < rank; j++) {
                r[i][j] = columns[kept[j]][i];
            }
        }
        double[] solution = new double[rank];
        for (int i = rank - 1; i >= 0; i--) {
            double sum = b[i];
            for (int j = i + 1; j < rank; j++) {
                sum -= r[i][j] * solution[j];
            }
            solution[i] = sum / diagonal[i];
        }
        double[] x = new double[width];
        for (int i = 0; i < rank; i++) {
            x[kept[i]] = solution[i];
        }
        return new Fit(x, r, kept);
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
