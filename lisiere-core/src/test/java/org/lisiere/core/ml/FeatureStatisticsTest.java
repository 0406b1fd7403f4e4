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

            double[] given = values.clone();

            assertThat(FeatureStatistics.median(values)).as("trial %d, n %d", trial, n).isEqualTo(expected);
            assertThat(values).as("large inputs are only read").isEqualTo(given);
        }
    }

    @Test
    void summarizesTheTrainingRowsOfANumericColumnSkippingNulls() {
        double[] values = {4, 0, -2, 7.5, 0, 1};
        boolean[] nulls = {false, true, false, false, true, false};
        TrainingData data = data(values, nulls);

        ModelVersion.FeatureInfo info = FeatureStatistics.of(data, java.util.Set.of(), Rows.of(new int[] {0, 1, 2,
            3, 5})).get(0);

        // rows 0, 2, 3, 5: 4, -2, 7.5, 1
        assertThat(info.min()).hasValue(-2);
        assertThat(info.max()).hasValue(7.5);
        assertThat(info.mean()).hasValue(2.625);
        assertThat(info.median()).hasValue(2.5);
        assertThat(info.stddev().getAsDouble()).isEqualTo(Math.sqrt((1.375 * 1.375 + 4.625 * 4.625 + 4.875 * 4.875
                + 1.625 * 1.625) / 3));
        assertThat(info.nullCount()).isEqualTo(1);
    }

    @Test
    void summarizesALargeColumnWithoutNullsReadInPlaceAndLeavesItAsItWas() {
        int n = FeatureStatistics.RADIX_MIN + 5;
        double[] values = new SplittableRandom(3).doubles(n, -5, 5).toArray();
        double[] given = values.clone();
        double[] sorted = values.clone();
        Arrays.sort(sorted);

        ModelVersion.FeatureInfo info = FeatureStatistics.of(data(values, new boolean[n]), java.util.Set.of(),
                Rows.all(n)).get(0);

        assertThat(info.min()).hasValue(sorted[0]);
        assertThat(info.max()).hasValue(sorted[n - 1]);
        assertThat(info.median()).hasValue(sorted[n / 2]);
        assertThat(info.mean().getAsDouble()).isCloseTo(Arrays.stream(values).average().orElseThrow(),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(values).isEqualTo(given);
    }

    @Test
    void countsTheNullsOfEveryRowAndSummarizesTheOthers() {
        double[] values = {5, 0, 1, 0, 3};
        boolean[] nulls = {false, true, false, true, false};

        ModelVersion.FeatureInfo info = FeatureStatistics.of(data(values, nulls), java.util.Set.of(), Rows.all(5))
                .get(0);

        assertThat(info.nullCount()).isEqualTo(2);
        assertThat(info.min()).hasValue(1);
        assertThat(info.median()).hasValue(3);
        assertThat(info.mean()).hasValue(3);
    }

    @Test
    void minimumAndMaximumAreNanWhenAValueIsNanAsMathMinSays() {
        TrainingData data = data(new double[] {1, Double.NaN, 3}, new boolean[3]);

        ModelVersion.FeatureInfo info = FeatureStatistics.of(data, java.util.Set.of(), Rows.all(3)).get(0);

        assertThat(info.min().getAsDouble()).isNaN();
        assertThat(info.max().getAsDouble()).isNaN();
    }

    @Test
    void infinitiesOfBothSignsAreTheExtremesThoughTheirSumIsNan() {
        TrainingData data = data(new double[] {1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                new boolean[3]);

        ModelVersion.FeatureInfo info = FeatureStatistics.of(data, java.util.Set.of(), Rows.all(3)).get(0);

        assertThat(info.min()).hasValue(Double.NEGATIVE_INFINITY);
        assertThat(info.max()).hasValue(Double.POSITIVE_INFINITY);
    }

    private static TrainingData data(double[] values, boolean[] nulls) {
        return new TrainingData(new org.lisiere.spi.Schema(java.util.List.of(new org.lisiere.spi.Column("x",
                new org.lisiere.spi.DataType("DOUBLE", org.lisiere.spi.TypeFamily.FLOATING)))),
                java.util.List.of(new TrainingData.Numbers(values, nulls, false)), values.length);
    }
}
