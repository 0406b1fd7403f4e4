package org.lisiere.core.ml;

/**
 * Sums over millions of values with four running sums instead of one: each addition then waits for the one four
 * steps back, not the one before (the processor's addition latency made single-sum loops four times slower). The
 * four are added in a fixed order, so a sum is the same on every run.
 */
final class Sums {
    private Sums() {}

    /** Σ values[i]. */
    static double of(double[] values) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= values.length; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < values.length; i++) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (values[i] − center)². */
    static double ofSquares(double[] values, double center) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= values.length; i += 4) {
            double d0 = values[i] - center;
            double d1 = values[i + 1] - center;
            double d2 = values[i + 2] - center;
            double d3 = values[i + 3] - center;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < values.length; i++) {
            double d = values[i] - center;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ raw[row] over the given rows that are not NULL. */
    static double ofRows(double[] raw, boolean[] nulls, int[] rows) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= rows.length; i += 4) {
            s0 += nulls[rows[i]] ? 0 : raw[rows[i]];
            s1 += nulls[rows[i + 1]] ? 0 : raw[rows[i + 1]];
            s2 += nulls[rows[i + 2]] ? 0 : raw[rows[i + 2]];
            s3 += nulls[rows[i + 3]] ? 0 : raw[rows[i + 3]];
        }
        for (; i < rows.length; i++) {
            s0 += nulls[rows[i]] ? 0 : raw[rows[i]];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (raw[row] − center)² over the given rows that are not NULL. */
    static double ofSquaresOfRows(double[] raw, boolean[] nulls, int[] rows, double center) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= rows.length; i += 4) {
            double d0 = nulls[rows[i]] ? 0 : raw[rows[i]] - center;
            double d1 = nulls[rows[i + 1]] ? 0 : raw[rows[i + 1]] - center;
            double d2 = nulls[rows[i + 2]] ? 0 : raw[rows[i + 2]] - center;
            double d3 = nulls[rows[i + 3]] ? 0 : raw[rows[i + 3]] - center;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < rows.length; i++) {
            double d = nulls[rows[i]] ? 0 : raw[rows[i]] - center;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
