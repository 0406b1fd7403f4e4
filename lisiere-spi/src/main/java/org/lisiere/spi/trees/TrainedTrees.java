package org.lisiere.spi.trees;

import static java.util.Objects.requireNonNull;

/**
 * A trained ensemble.
 *
 * @param modelJson the library's JSON model document (XGBoost's schema)
 * @param rounds the rounds actually trained
 * @param margins the final model's raw margins of the evaluation dataset (the training dataset without one), row-major
 *     with one value per output group, summed as the library sums them: what the model scores, without scoring the
 *     rows again
 */
public record TrainedTrees(String modelJson, int rounds, float[] margins) {
    public TrainedTrees {
        requireNonNull(modelJson, "modelJson is null");
        requireNonNull(margins, "margins is null");
    }
}
