package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightedGramTest {
    /**
     * Widths on and off whole groups of two and four, and row counts below, at and across the block size and the row
     * ranges, exercise every padded edge of both kernels.
     */
    @ParameterizedTest
    @CsvSource({"1, 5, false", "1, 5, true", "2, 1023, false", "3, 1024, true", "4, 2049, false", "4, 2049, true",
        "5, 3000, true", "8, 777, false", "21, 4100, true", "21, 4100, false", "23, 1500, true"})
    void sumsTheWeightedProductsOfEveryPairOfColumnsAndOfEachColumnWithY(int p, int n, boolean fused) {
        SplittableRandom random = new SplittableRandom(p * 31L + n);
        double[][] design = new double[p][n];
        double[] weights = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                design[j][i] = random.nextGaussian();
            }
            weights[i] = random.nextDouble();
            y[i] = random.nextGaussian();
        }

        double[][] gram = WeightedGram.of(design, weights, y, 1, fused);

        for (int j = 0; j < p; j++) {
            for (int k = j; k <= p; k++) {
                double[] other = k == p ? y : design[k];
                double expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += weights[i] * design[j][i] * other[i];
                }
                assertThat(gram[j][k]).as("entry %d, %d", j, k).isCloseTo(expected, within(1e-11 * n));
            }
        }
    }
}
