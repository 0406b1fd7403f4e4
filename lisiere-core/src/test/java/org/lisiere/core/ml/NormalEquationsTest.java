package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalEquationsTest {
    /**
     * Widths on and off multiples of four and row counts below, at and across the block size exercise every padded
     * edge.
     */
    @ParameterizedTest
    @CsvSource({"1, 5", "2, 1023", "3, 1024", "4, 2049", "5, 3000", "8, 777", "21, 1500", "23, 4100"})
    void solvesWeightedRidgeLeastSquaresAsQrDoes(int p, int n) {
        SplittableRandom random = new SplittableRandom(p * 31L + n);
        double[][] design = new double[p][n];
        double[] weights = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                design[j][i] = random.nextGaussian();
            }
            weights[i] = 0.1 + random.nextDouble();
            y[i] = random.nextGaussian();
        }
        double l2 = 0.5;

        double[] solution = NormalEquations.solve(design, weights, y, l2, p).orElseThrow();

        // The same problem as ordinary least squares on sqrt(w) X with sqrt(l2) I appended as rows.
        double[][] stacked = new double[p][n + p];
        double[] target = new double[n + p];
        for (int i = 0; i < n; i++) {
            double root = Math.sqrt(weights[i]);
            for (int j = 0; j < p; j++) {
                stacked[j][i] = root * design[j][i];
            }
            target[i] = root * y[i];
        }
        for (int j = 0; j < p; j++) {
            stacked[j][n + j] = Math.sqrt(l2);
        }
        double[] expected = LeastSquares.solve(stacked, target).coefficients();
        for (int j = 0; j < p; j++) {
            assertThat(solution[j]).as("coefficient %d", j).isCloseTo(expected[j], within(1e-12));
        }
    }
}
