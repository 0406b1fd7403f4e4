package org.lisiere.spi.trees;

import static java.util.Objects.requireNonNull;

/**
 * A trained ensemble.
 *
 * @param modelJson the library's JSON model document (XGBoost's schema)
 * @param rounds the rounds actually trained
 */
public record TrainedTrees(String modelJson, int rounds) {
    public TrainedTrees {
        requireNonNull(modelJson, "modelJson is null");
    }
}
