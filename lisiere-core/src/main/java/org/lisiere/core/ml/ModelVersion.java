package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One version of a model as stored in {@code models/<name>/v<version>.json}. The file format is versioned by
 * {@code formatVersion}; readers accept every format version up to {@link #FORMAT_VERSION}. Fields added within a
 * format version are optional: files written before them read with their defaults.
 *
 * @param options every option with defaults filled in
 * @param linear the weights; for logistic_reg, of the log-odds of the positive class
 * @param metrics evaluation metrics on the evaluation split (or the training data without one)
 * @param classes for classifiers, the label values in ascending order (the positive class last); else empty
 * @param labelType the SQL type of the label column, to type predicted labels; empty in older files
 */
public record ModelVersion(int formatVersion, String name, int version, String modelType, Map<String, String> options,
        LinearModel linear, Map<String, Double> metrics, Provenance provenance, List<String> classes,
        String labelType) {
    public static final int FORMAT_VERSION = 1;

    public ModelVersion {
        classes = classes == null ? List.of() : List.copyOf(classes);
        labelType = labelType == null ? "" : labelType;
        requireNonNull(name, "name is null");
        requireNonNull(modelType, "modelType is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
        requireNonNull(linear, "linear is null");
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        requireNonNull(provenance, "provenance is null");
    }
}
