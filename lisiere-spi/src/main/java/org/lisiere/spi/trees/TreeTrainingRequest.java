package org.lisiere.spi.trees;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * What to train.
 *
 * @param parameters the library's own parameter names and values (for XGBoost: {@code objective},
 *     {@code max_depth}, {@code eta}, {@code num_parallel_tree}, {@code seed}, ...), in a defined order
 * @param rounds the most boosting rounds
 */
public record TreeTrainingRequest(TreeDataset training, Optional<TreeDataset> evaluation,
        Map<String, String> parameters, int rounds) {
    public TreeTrainingRequest {
        requireNonNull(training, "training is null");
        requireNonNull(evaluation, "evaluation is null");
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                requireNonNull(parameters, "parameters is null")));
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
        }
    }
}
