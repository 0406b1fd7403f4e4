package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {
    @Test
    void medianEqualsTheMiddleOfTheSortedValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + random.nextInt(60);
            // Few distinct values on some trials, so that duplicates straddle the middle.
            int distinct = trial % 2 == 0 ? 3 : 1000;
            double[] values = random.ints(n, 0, distinct).asDoubleStream().toArray();
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

            assertThat(FeatureStatistics.median(values)).as("median of %s", Arrays.toString(sorted))
                    .isEqualTo(expected);
        }
    }

    @Test
    void medianOfLargeInputsEqualsTheMiddleOfTheSortedValues() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int n = FeatureStatistics.RADIX_MIN + random.nextInt(20_000);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // spread over magnitudes and signs, bunched (one binade: few buckets) or with many duplicates
                values[i] = switch (trial % 4) {
                    case 0 -> random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4));
                    case 1 -> 0.5 + random.nextDouble() / 2;
                    case 2 -> random.nextInt(-2, 3);
                    default -> 1e6 + random.nextInt(5) * 1e-9;
                };
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

            assertThat(FeatureStatistics.median(values)).as("trial %d, n %d", trial, n).isEqualTo(expected);
        }
    }
}
