package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What a trainer produced.
 *
 * @param classes for classifiers, the label values in ascending order; else empty
 * @param labelType the SQL type of the label column
 */
record Trained(LinearModel model, Map<String, Double> metrics, int trainingRows, int evaluationRows,
        List<String> classes, String labelType) {
    Trained {
        requireNonNull(model, "model is null");
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
        requireNonNull(labelType, "labelType is null");
    }
}
