package org.lisiere.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorMathTest {
    @Test
    void expOfNonPositiveEqualsMathExpDownToMinusForty() {
        int n = 40_001;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -i / 1000.0;
        }

        VectorMath.expOfNonPositive(x);

        for (int i = 0; i < n; i++) {
            double expected = Math.exp(-i / 1000.0);
            assertThat(x[i]).as("exp(%s)", -i / 1000.0).isCloseTo(expected, within(expected * 4e-13));
        }
    }

    @Test
    void expBelowMinusFortyIsExpOfMinusForty() {
        double[] x = {-40, -41, -700, Double.NEGATIVE_INFINITY};

        VectorMath.expOfNonPositive(x);

        assertThat(x[1]).isEqualTo(x[0]).isEqualTo(x[2]).isEqualTo(x[3]);
        assertThat(x[0]).isCloseTo(Math.exp(-40), within(Math.exp(-40) * 4e-13));
    }

    @Test
    void log1pOfUnitEqualsMathLog1pFromZeroToOne() {
        double[] grid = new double[10_003];
        for (int i = 0; i <= 10_000; i++) {
            grid[i] = i / 10_000.0;
        }
        grid[10_001] = 1e-300;
        grid[10_002] = Math.ulp(1.0);
        double[] u = grid.clone();

        VectorMath.log1pOfUnit(u);

        for (int i = 0; i < grid.length; i++) {
            double expected = Math.log1p(grid[i]);
            assertThat(u[i]).as("log1p(%s)", grid[i]).isCloseTo(expected, within(expected * 1e-13));
        }
    }

    @Test
    void sumsEveryElementWhateverTheLengthModuloFour() {
        for (int length = 0; length < 9; length++) {
            double[] x = new double[length];
            for (int i = 0; i < length; i++) {
                x[i] = 1L << i;
            }

            assertThat(VectorMath.sum(x)).as("length %d", length).isEqualTo((1L << length) - 1);
        }
    }
}
