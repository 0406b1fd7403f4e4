package org.lisiere.bench;

import java.util.Arrays;

/** Summaries of the timings of repeated runs. */
final class Runs {
    private Runs() {}

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
