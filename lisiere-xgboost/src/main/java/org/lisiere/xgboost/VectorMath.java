package org.lisiere.xgboost;

/**
 * {@code exp} and {@code log1p} over whole arrays in double precision, written so that the JIT vectorizes them:
 * each loop is small, runs over the whole array and uses only arithmetic, {@code abs}, {@code min} and {@code max}
 * ({@link Math#exp} and {@link Math#log} are calls, and reading a float's exponent bits stops vectorization).
 * Over a million values on this project's machines they take ~1–2 ms each, against ~10 ms for the library calls.
 * They agree with {@link Math#exp} and {@link Math#log1p} to 4e-13 and 1e-13 relative (VectorMathTest).
 */
final class VectorMath {
    /** Below this {@code exp} is under 5e-18: nothing against the 1 it is added to or divided by. */
    static final double EXP_FLOOR = -40;
    private static final double SCALE = 1.0 / 1024;

    private VectorMath() {}

    /**
     * {@code x[i] = exp(max(x[i], -40))} for {@code x[i] <= 0}: a degree-7 Taylor polynomial at {@code x / 1024}
     * (|x / 1024| ≤ 0.04, error under 2e-16), squared ten times, which multiplies the rounding errors by up to 1024:
     * at most 4e-13 relative.
     */
    static void expOfNonPositive(double[] x) {
        for (int i = 0; i < x.length; i++) {
            double t = Math.max(x[i], EXP_FLOOR) * SCALE;
            x[i] = 1 + t * (1 + t * (1.0 / 2 + t * (1.0 / 6 + t * (1.0 / 24 + t * (1.0 / 120 + t * (1.0 / 720
                    + t * (1.0 / 5040)))))));
        }
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            x[i] = v * v;
        }
    }

    /**
     * {@code u[i] = log(1 + u[i])} for {@code 0 <= u[i] <= 1}, as {@code 2 atanh(s)} with {@code s = u / (2 + u)}
     * (at most 1/3): the odd series to {@code s^25 / 25}, whose next term is under 2e-14 of the sum at worst
     * ({@code u = 1}) and far smaller for the small {@code u} most rows have.
     */
    static void log1pOfUnit(double[] u) {
        for (int i = 0; i < u.length; i++) {
            u[i] = u[i] / (2 + u[i]);
        }
        for (int i = 0; i < u.length; i++) {
            double s = u[i];
            double q = s * s;
            u[i] = 2 * s * (1 + q * (1.0 / 3 + q * (1.0 / 5 + q * (1.0 / 7 + q * (1.0 / 9 + q * (1.0 / 11 + q
                    * (1.0 / 13 + q * (1.0 / 15 + q * (1.0 / 17 + q * (1.0 / 19 + q * (1.0 / 21 + q * (1.0 / 23
                    + q * (1.0 / 25)))))))))))));
        }
    }

    /** The sum in four interleaved partial sums (so the additions do not wait on each other). */
    static double sum(double[] x) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < x.length; i++) {
            s0 += x[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
