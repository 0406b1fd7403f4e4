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
}
