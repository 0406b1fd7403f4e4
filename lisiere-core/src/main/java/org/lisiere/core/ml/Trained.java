package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lisiere.core.ml.ModelVersion.FeatureInfo;
import org.lisiere.core.ml.ModelVersion.TrainingIteration;

/**
 * What a trainer produced: the parameters of one model kind (see {@link ModelVersion}) and how training went.
 *
 * @param classes for classifiers, the label values in ascending order; else empty
 * @param labelType the SQL type of the label column; empty for unsupervised models
 */
record Trained(Optional<LinearModel> linear, List<LinearModel> classModels, Optional<KMeansModel> kmeans,
        Optional<TreeModel> trees, Map<String, Double> metrics, int trainingRows, int evaluationRows,
        List<String> classes, String labelType, List<TrainingIteration> trainingInfo, List<FeatureInfo> featureInfo) {
    Trained {
        requireNonNull(linear, "linear is null");
        classModels = List.copyOf(requireNonNull(classModels, "classModels is null"));
        requireNonNull(kmeans, "kmeans is null");
        requireNonNull(trees, "trees is null");
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
        requireNonNull(labelType, "labelType is null");
        trainingInfo = List.copyOf(requireNonNull(trainingInfo, "trainingInfo is null"));
        featureInfo = List.copyOf(requireNonNull(featureInfo, "featureInfo is null"));
    }

    /** The metric {@code auto_deploy = 'if_better'} and the CREATE MODEL summary compare. */
    String keyMetric() {
        if (kmeans.isPresent()) {
            return "davies_bouldin_index";
        }
        return classes.isEmpty() ? "r2_score" : "roc_auc";
    }
}
