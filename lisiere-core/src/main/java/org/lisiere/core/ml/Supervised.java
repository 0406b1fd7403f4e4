package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The training data of a supervised model, prepared: the label column, the rows with a label split into training
 * and evaluation, the inputs (every other column except the split column) encoded on the training rows.
 */
record Supervised(TrainingData data, int labelIndex, DataSplit.Split split, Inputs inputs, Set<Integer> excluded) {
    Supervised {
        requireNonNull(data, "data is null");
        requireNonNull(split, "split is null");
        requireNonNull(inputs, "inputs is null");
        excluded = Set.copyOf(excluded);
    }

    static Supervised prepare(String modelName, TrainingData data, LinearOptions options, boolean numericLabel) {
        return prepare(modelName, data, options.label(), options.split(), numericLabel,
                Inputs.Encoding.DROP_MOST_FREQUENT, Inputs.Scaling.STANDARDIZE);
    }

    static Supervised prepare(String modelName, TrainingData data, String label, OptionReader.SplitOptions options,
            boolean numericLabel, Inputs.Encoding encoding, Inputs.Scaling scaling) {
        int labelIndex = LinearRegressionTrainer.labelIndex(modelName, data, label, numericLabel);
        TrainingData.Column labels = data.column(labelIndex);
        int[] labelled = new int[data.rows()];
        int count = 0;
        for (int r = 0; r < data.rows(); r++) {
            if (!labels.isNull(r)) {
                labelled[count++] = r;
            }
        }
        Rows usable = Rows.of(java.util.Arrays.copyOf(labelled, count));
        Set<Integer> excluded = new HashSet<>(Set.of(labelIndex));
        if (options.column().isPresent()) {
            excluded.add(DataSplit.splitColumn(modelName, data, options));
        }
        DataSplit.Split split = DataSplit.split(modelName, data, usable, options);
        if (split.train().isEmpty()) {
            throw new org.lisiere.spi.LisiereException(org.lisiere.spi.ErrorCode.INVALID_ARGUMENT, "Model '"
                    + modelName + "': no training rows (the query returned " + data.rows() + " rows, "
                    + usable.size() + " with a label, " + split.evaluation().size() + " for evaluation)");
        }
        Inputs inputs = Inputs.of(modelName, data, excluded, split.train(), encoding, scaling);
        return new Supervised(data, labelIndex, split, inputs, excluded);
    }

    Rows train() {
        return split.train();
    }

    /** The rows metrics are computed on: the evaluation split, or the training rows without one. */
    Rows metricRows() {
        return split.evaluation().isEmpty() ? split.train() : split.evaluation();
    }

    TrainingData.Column labels() {
        return data.column(labelIndex);
    }

    String labelName() {
        return data.schema().column(labelIndex).name();
    }

    String labelType() {
        return data.schema().column(labelIndex).type().sqlName();
    }

    List<ModelVersion.FeatureInfo> featureInfo() {
        return FeatureStatistics.of(data, excluded, split.train());
    }
}
