package org.lisiere.spi.trees;

import java.util.OptionalDouble;

/** Hears each finished boosting round; may stop training (early stopping, cancellation). */
@FunctionalInterface
public interface TreeTrainingListener {
    /**
     * Called once, when the library has taken in the training data and before the first round: the caller's own work
     * meant to run while the library loads the data (on one core) and to be done before the rounds (on every core)
     * is waited for here.
     */
    default void loaded() {}

    /**
     * @param round 1-based
     * @param trainingLoss the objective's evaluation metric on the training rows
     * @param evaluationLoss the same on the evaluation rows, when there are any
     * @return true to stop after this round
     */
    boolean round(int round, double trainingLoss, OptionalDouble evaluationLoss);
}
