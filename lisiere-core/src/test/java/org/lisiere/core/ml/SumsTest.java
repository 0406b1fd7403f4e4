package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SumsTest {
    /** Lengths around multiples of four reach every tail of the four-way loops. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 8, 9, 1001})
    void sumsValuesSquaresAndTheNonNullValuesOfChosenRows(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] values = random.doubles(n, -10, 10).toArray();
        boolean[] nulls = new boolean[n];
        int[] rows = random.ints(n / 2, 0, Math.max(n, 1)).sorted().distinct().toArray();
        double sum = 0;
        double squares = 0;
        double rowSum = 0;
        double rowSquares = 0;
        for (int i = 0; i < n; i++) {
            nulls[i] = random.nextInt(5) == 0;
            sum += values[i];
            squares += (values[i] - 1.5) * (values[i] - 1.5);
        }
        for (int row : rows) {
            rowSum += nulls[row] ? 0 : values[row];
            rowSquares += nulls[row] ? 0 : (values[row] - 1.5) * (values[row] - 1.5);
        }

        assertThat(Sums.of(values)).isCloseTo(sum, within(1e-9));
        assertThat(Sums.ofSquares(values, 1.5)).isCloseTo(squares, within(1e-9));
        assertThat(Sums.ofRows(values, nulls, rows)).isCloseTo(rowSum, within(1e-9));
        assertThat(Sums.ofSquaresOfRows(values, nulls, rows, 1.5)).isCloseTo(rowSquares, within(1e-9));
    }
}
