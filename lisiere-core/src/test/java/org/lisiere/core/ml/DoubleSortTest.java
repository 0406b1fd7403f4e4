package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DoubleSortTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, DoubleSort.RADIX_MIN - 1, DoubleSort.RADIX_MIN, 50_000})
    void sortsAsArraysSortDoesWithSignedZerosInfinitiesNanAndDuplicates(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.5, 0.5};
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (random.nextInt(4)) {
                case 0 -> special[random.nextInt(special.length)];
                case 1 -> random.nextGaussian() * 1e6;
                case 2 -> random.nextDouble(); // one binade's worth of shared top bits
                default -> random.nextInt(10) - 5; // duplicates
            };
        }
        double[] expected = values.clone();
        Arrays.sort(expected);

        DoubleSort.sort(values);

        assertThat(values).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, -3.5, 0.0})
    void sortsArraysOfOneRepeatedValue(double value) {
        double[] values = new double[DoubleSort.RADIX_MIN * 2];
        Arrays.fill(values, value);

        DoubleSort.sort(values);

        assertThat(values).containsOnly(value);
        assertThat(Double.doubleToRawLongBits(values[0])).isEqualTo(Double.doubleToRawLongBits(value));
    }
}
