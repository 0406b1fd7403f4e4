package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One version of a model as stored in {@code models/<name>/v<version>.json}. The file format is versioned by
 * {@code formatVersion}; readers accept every format version up to {@link #FORMAT_VERSION}.
 *
 * @param options every option with defaults filled in
 * @param metrics evaluation metrics on the evaluation split (or the training data without one)
 */
public record ModelVersion(int formatVersion, String name, int version, String modelType, Map<String, String> options,
        LinearModel linear, Map<String, Double> metrics, Provenance provenance) {
    public static final int FORMAT_VERSION = 1;

    public ModelVersion {
        requireNonNull(name, "name is null");
        requireNonNull(modelType, "modelType is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
        requireNonNull(linear, "linear is null");
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        requireNonNull(provenance, "provenance is null");
    }
}
