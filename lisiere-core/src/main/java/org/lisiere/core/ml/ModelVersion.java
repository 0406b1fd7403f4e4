package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a model as stored in {@code models/<name>/v<version>.json}. The file format is versioned by
 * {@code formatVersion}; readers accept every format version up to {@link #FORMAT_VERSION} (see
 * {@code docs/model-format.md}). Fields added within a format version are optional: files written before them read
 * with their defaults.
 *
 * @param options every option with defaults filled in
 * @param linear linear_reg and binary logistic_reg: the weights (of the log-odds of the positive class)
 * @param classModels multiclass logistic_reg: one linear score per class, in {@code classes} order (softmax)
 * @param kmeans kmeans: the centroids and the encoding of the inputs
 * @param metrics evaluation metrics on the evaluation split (or the training data without one)
 * @param classes for classifiers, the label values in ascending order (the positive class last); else empty
 * @param labelType the SQL type of the label column, to type predicted labels; empty in older files
 * @param trainingInfo one entry per solver iteration (format 2)
 * @param featureInfo statistics of every input column over the training rows (format 2)
 * @param transform the compiled TRANSFORM, applied to the data of every ML function; empty without (format 2)
 * @param trials the hyper-parameter tuning trials; empty without {@code num_trials} (format 2)
 * @param trees boosted trees and random forests: their features and XGBoost model (format 3)
 * @param globalExplain with {@code enable_global_explain}, the mean absolute attribution of each input over the
 *     training query, largest first (ML.GLOBAL_EXPLAIN, format 4); else empty
 * @param onnx an imported ONNX model (format 5)
 * @param classGlobalExplain classifiers with {@code enable_global_explain}: per class (in {@code classes} order), the
 *     mean absolute attribution of each input to that class's score over the training query, largest first
 *     (ML.GLOBAL_EXPLAIN with {@code class_level_explain}, format 5); else empty
 */
public record ModelVersion(int formatVersion, String name, int version, String modelType, Map<String, String> options,
        Optional<LinearModel> linear, List<LinearModel> classModels, Optional<KMeansModel> kmeans,
        Map<String, Double> metrics, Provenance provenance, List<String> classes, String labelType,
        List<TrainingIteration> trainingInfo, List<FeatureInfo> featureInfo, List<TransformColumn> transform,
        List<Trial> trials, Optional<TreeModel> trees, List<FeatureAttribution> globalExplain,
        Optional<OnnxSpec> onnx, List<ClassAttribution> classGlobalExplain) {
    /**
     * 5 added imported ONNX models; 4 global explanations; 3 tree models; 2 kmeans, multiclass models, training and feature info; 1 had only
     * linear models.
     */
    public static final int FORMAT_VERSION = 5;

    public ModelVersion {
        requireNonNull(name, "name is null");
        requireNonNull(modelType, "modelType is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
        linear = linear == null ? Optional.empty() : linear;
        classModels = classModels == null ? List.of() : List.copyOf(classModels);
        kmeans = kmeans == null ? Optional.empty() : kmeans;
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        requireNonNull(provenance, "provenance is null");
        classes = classes == null ? List.of() : List.copyOf(classes);
        labelType = labelType == null ? "" : labelType;
        trainingInfo = trainingInfo == null ? List.of() : List.copyOf(trainingInfo);
        featureInfo = featureInfo == null ? List.of() : List.copyOf(featureInfo);
        transform = transform == null ? List.of() : List.copyOf(transform);
        trials = trials == null ? List.of() : List.copyOf(trials);
        trees = trees == null ? Optional.empty() : trees;
        globalExplain = globalExplain == null ? List.of() : List.copyOf(globalExplain);
        onnx = onnx == null ? Optional.empty() : onnx;
        classGlobalExplain = classGlobalExplain == null ? List.of() : List.copyOf(classGlobalExplain);
        if (linear.isEmpty() && classModels.isEmpty() && kmeans.isEmpty() && trees.isEmpty() && onnx.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " version " + version + " has no parameters");
        }
    }

    /** Whether the model predicts a label from classes. */
    boolean isClassifier() {
        return !classes.isEmpty();
    }

    /** The label column of a supervised model. */
    String label() {
        return linear.map(LinearModel::label)
                .or(() -> classModels.stream().findFirst().map(LinearModel::label))
                .or(() -> trees.map(TreeModel::label))
                .orElseThrow(() -> new IllegalStateException("model " + name + " has no label"));
    }

    /**
     * The SQL that reads model input {@code name} from the raw data: its TRANSFORM expression, or the column itself.
     */
    String column(String name) {
        for (TransformColumn column : transform) {
            if (column.name().equalsIgnoreCase(name)) {
                return "(" + column.sql() + ")";
            }
        }
        return org.lisiere.spi.TableName.quote(name);
    }

    /** {@link #column(String)} as a function. */
    java.util.function.UnaryOperator<String> columns() {
        return this::column;
    }

    /**
     * One hyper-parameter tuning trial (ML.TRIAL_INFO).
     *
     * @param status SUCCEEDED or FAILED
     * @param errorMessage why a trial failed; empty when it succeeded
     */
    public record Trial(int trialId, Map<String, Double> hyperparameters, Map<String, Double> metrics,
            java.util.OptionalDouble trainingLoss, java.util.OptionalDouble evalLoss, String status,
            String errorMessage, boolean optimal) {
        public Trial {
            hyperparameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                    requireNonNull(hyperparameters, "hyperparameters is null")));
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                    requireNonNull(metrics, "metrics is null")));
            trainingLoss = trainingLoss == null ? java.util.OptionalDouble.empty() : trainingLoss;
            evalLoss = evalLoss == null ? java.util.OptionalDouble.empty() : evalLoss;
            requireNonNull(status, "status is null");
            errorMessage = errorMessage == null ? "" : errorMessage;
        }
    }

    /** This version with its global explanations, of the model and (classifiers) of each class. */
    ModelVersion withGlobalExplain(List<FeatureAttribution> attributions, List<ClassAttribution> perClass) {
        return new ModelVersion(formatVersion, name, version, modelType, options, linear, classModels, kmeans, metrics,
                provenance, classes, labelType, trainingInfo, featureInfo, transform, trials, trees, attributions, onnx,
                perClass);
    }

    /** One input's mean absolute attribution to one class's score (ML.GLOBAL_EXPLAIN with class_level_explain). */
    public record ClassAttribution(String classLabel, String feature, double attribution) {
        public ClassAttribution {
            requireNonNull(classLabel, "classLabel is null");
            requireNonNull(feature, "feature is null");
        }
    }

    /** One input's mean absolute attribution (ML.GLOBAL_EXPLAIN). */
    public record FeatureAttribution(String feature, double attribution) {
        public FeatureAttribution {
            requireNonNull(feature, "feature is null");
        }
    }

    /** One iteration of training: BigQuery ML's ML.TRAINING_INFO row. */
    public record TrainingIteration(int iteration, double loss, java.util.OptionalDouble evalLoss,
            double learningRate, long durationMillis) {
        public TrainingIteration {
            evalLoss = evalLoss == null ? java.util.OptionalDouble.empty() : evalLoss;
        }
    }

    /**
     * Statistics of an input column over the training rows (ML.FEATURE_INFO): numeric columns have min to stddev
     * (sample standard deviation, exact median), categorical columns the number of distinct values.
     */
    public record FeatureInfo(String input, java.util.OptionalDouble min, java.util.OptionalDouble max,
            java.util.OptionalDouble mean, java.util.OptionalDouble median, java.util.OptionalDouble stddev,
            java.util.OptionalLong categoryCount, long nullCount) {
        public FeatureInfo {
            requireNonNull(input, "input is null");
            min = min == null ? java.util.OptionalDouble.empty() : min;
            max = max == null ? java.util.OptionalDouble.empty() : max;
            mean = mean == null ? java.util.OptionalDouble.empty() : mean;
            median = median == null ? java.util.OptionalDouble.empty() : median;
            stddev = stddev == null ? java.util.OptionalDouble.empty() : stddev;
            categoryCount = categoryCount == null ? java.util.OptionalLong.empty() : categoryCount;
        }
    }
}
