package org.lisiere.spi.trees;

import java.util.OptionalDouble;

/** Hears each finished boosting round; may stop training (early stopping, cancellation). */
@FunctionalInterface
public interface TreeTrainingListener {
    /**
     * @param round 1-based
     * @param trainingLoss the objective's evaluation metric on the training rows
     * @param evaluationLoss the same on the evaluation rows, when there are any
     * @return true to stop after this round
     */
    boolean round(int round, double trainingLoss, OptionalDouble evaluationLoss);
}
