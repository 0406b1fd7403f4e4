package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IrlsTest {
    private static final int ROWS = 60_000;
    private static final int INPUTS = 6;
    private static final double[][] DESIGN = design();
    private static final int[] LABELS = labels(DESIGN);
    private static final double[] UNIT_WEIGHTS = java.util.stream.DoubleStream.generate(() -> 1).limit(ROWS).toArray();

    @Test
    void stepsWithASampledHessianReachTheExactMethodsWeights() {
        List<Double> exactLosses = new ArrayList<>();
        List<Double> sampledLosses = new ArrayList<>();

        double[] exact = Irls.solve(DESIGN, LABELS, UNIT_WEIGHTS, settings(Irls.Sampling.NEVER), record(exactLosses)).weights();
        double[] sampled = Irls.solve(DESIGN, LABELS, UNIT_WEIGHTS, settings(new Irls.Sampling(10_000, 4, 1e-2)),
                record(sampledLosses)).weights();

        assertThat(sampledLosses.get(0)).as("the first step took the sampled Hessian")
                .isNotEqualTo(exactLosses.get(0));
        for (int j = 0; j < exact.length; j++) {
            assertThat(sampled[j]).as("weight %d", j).isCloseTo(exact[j], within(1e-9 * (1 + Math.abs(exact[j]))));
        }
        assertThat(sampledLosses).as("steps").hasSizeLessThanOrEqualTo(exactLosses.size() + 1);
        assertThat(sampledLosses.get(sampledLosses.size() - 1))
                .isCloseTo(exactLosses.get(exactLosses.size() - 1), within(1e-12));
    }

    @Test
    void smallTrainingSetsTakeOnlyExactSteps() {
        List<Double> exactLosses = new ArrayList<>();
        List<Double> defaultLosses = new ArrayList<>();

        Irls.solve(DESIGN, LABELS, UNIT_WEIGHTS, settings(Irls.Sampling.NEVER), record(exactLosses));
        Irls.solve(DESIGN, LABELS, UNIT_WEIGHTS, settings(Irls.Sampling.DEFAULT), record(defaultLosses));

        assertThat(defaultLosses).isEqualTo(exactLosses); // 60,000 rows are below the default's minimum
    }

    private static Irls.Settings settings(Irls.Sampling sampling) {
        return new Irls.Settings(1.0, INPUTS, 20, false, 0.01, sampling);
    }

    private static Irls.Listener record(List<Double> losses) {
        return (iteration, beta, objective, meanLogLoss) -> {
            losses.add(meanLogLoss);
            return false;
        };
    }

    /** Correlated standard-normal inputs, then the intercept's column of ones. */
    private static double[][] design() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] design = new double[INPUTS + 1][ROWS];
        for (int i = 0; i < ROWS; i++) {
            double shared = random.nextGaussian();
            for (int j = 0; j < INPUTS; j++) {
                design[j][i] = 0.6 * shared + 0.8 * random.nextGaussian();
            }
            design[INPUTS][i] = 1;
        }
        return design;
    }

    private static int[] labels(double[][] design) {
        SplittableRandom random = new SplittableRandom(9);
        int[] y = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double z = 0.4;
            for (int j = 0; j < INPUTS; j++) {
                z += (j % 3 - 1) * 0.9 * design[j][i];
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return y;
    }
}
