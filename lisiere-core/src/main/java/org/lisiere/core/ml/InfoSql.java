package org.lisiere.core.ml;

import static org.lisiere.core.ml.LinearModelSql.literal;
import static org.lisiere.core.ml.LinearModelSql.string;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.lisiere.core.ml.ModelVersion.FeatureInfo;
import org.lisiere.core.ml.ModelVersion.TrainingIteration;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** ML.TRAINING_INFO and ML.FEATURE_INFO: what the model file recorded at training, as a table. */
final class InfoSql {
    private InfoSql() {}

    /** training_run, iteration, loss, eval_loss, learning_rate, duration_ms. */
    static String trainingInfo(ModelVersion model) {
        if (model.trainingInfo().isEmpty()) {
            throw recordedSince(model, "ML.TRAINING_INFO");
        }
        List<String> rows = new ArrayList<>();
        for (TrainingIteration iteration : model.trainingInfo()) {
            rows.add("(0, " + iteration.iteration() + ", " + literal(iteration.loss()) + ", "
                    + optional(iteration.evalLoss()) + ", " + literal(iteration.learningRate()) + ", "
                    + iteration.durationMillis() + ")");
        }
        return "(SELECT training_run::BIGINT AS training_run, iteration::BIGINT AS iteration, loss::DOUBLE AS loss,"
                + " eval_loss::DOUBLE AS eval_loss, learning_rate::DOUBLE AS learning_rate, duration_ms::BIGINT AS"
                + " duration_ms FROM (VALUES " + String.join(", ", rows) + ") AS info(training_run, iteration, loss,"
                + " eval_loss, learning_rate, duration_ms) ORDER BY iteration)";
    }

    /**
     * ML.FEATURE_IMPORTANCE of a tree model, one row per input column in input order (the categories of a one-hot
     * input count together): importance_weight, the number of splits on it; importance_gain and importance_cover,
     * the mean loss reduction and the mean hessian sum of those splits (XGBoost's gain and cover).
     */
    static String featureImportance(ModelVersion model) {
        TreeModel trees = model.trees().orElseThrow();
        java.util.Map<String, double[]> totals = new java.util.LinkedHashMap<>();
        trees.features().forEach(f -> totals.putIfAbsent(f.column(), new double[3]));
        for (TreeEnsemble.Tree tree : trees.ensemble().trees()) {
            for (int node = 0; node < tree.left().length; node++) {
                if (!tree.isLeaf(node)) {
                    double[] total = totals.get(trees.features().get(tree.feature()[node]).column());
                    total[0]++;
                    total[1] += tree.gain()[node];
                    total[2] += tree.cover()[node];
                }
            }
        }
        List<String> rows = new ArrayList<>();
        totals.forEach((feature, total) -> rows.add("(" + string(feature) + ", " + (long) total[0] + ", "
                + (total[0] == 0 ? "0e0" : literal(total[1] / total[0])) + ", "
                + (total[0] == 0 ? "0e0" : literal(total[2] / total[0])) + ")"));
        return "(SELECT feature::VARCHAR AS feature, importance_weight::BIGINT AS importance_weight,"
                + " importance_gain::DOUBLE AS importance_gain, importance_cover::DOUBLE AS importance_cover"
                + " FROM (VALUES " + String.join(", ", rows) + ") AS importance(feature, importance_weight,"
                + " importance_gain, importance_cover))";
    }

    /** input, min, max, mean, median, stddev, category_count, null_count, dimension. */
    static String featureInfo(ModelVersion model) {
        if (model.featureInfo().isEmpty()) {
            throw recordedSince(model, "ML.FEATURE_INFO");
        }
        List<String> rows = new ArrayList<>();
        for (FeatureInfo f : model.featureInfo()) {
            rows.add("(" + string(f.input()) + ", " + optional(f.min()) + ", " + optional(f.max()) + ", "
                    + optional(f.mean()) + ", " + optional(f.median()) + ", " + optional(f.stddev()) + ", "
                    + optional(f.categoryCount()) + ", " + f.nullCount() + ")");
        }
        return "(SELECT input, min::DOUBLE AS min, max::DOUBLE AS max, mean::DOUBLE AS mean, median::DOUBLE AS median,"
                + " stddev::DOUBLE AS stddev, category_count::BIGINT AS category_count, null_count::BIGINT AS"
                + " null_count, CAST(NULL AS BIGINT) AS dimension FROM (VALUES " + String.join(", ", rows)
                + ") AS info(input, min, max, mean, median, stddev, category_count, null_count))";
    }

    /**
     * trial_id, hyperparameters, hparam_tuning_evaluation_metrics, training_loss, eval_loss, status, error_message,
     * is_optimal.
     */
    static String trialInfo(ModelVersion model) {
        if (model.trials().isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML.TRIAL_INFO: model '" + model.name()
                    + "' was not tuned; set num_trials in OPTIONS to tune hyper-parameters");
        }
        List<String> rows = new ArrayList<>();
        for (ModelVersion.Trial trial : model.trials()) {
            rows.add("(" + trial.trialId() + ", " + struct(trial.hyperparameters(), model.trials().get(0)
                    .hyperparameters().keySet()) + ", " + (trial.metrics().isEmpty() ? "NULL"
                    : struct(trial.metrics(), optimal(model).metrics().keySet())) + ", "
                    + optional(trial.trainingLoss())
                    + ", " + optional(trial.evalLoss()) + ", " + string(trial.status()) + ", "
                    + (trial.errorMessage().isEmpty() ? "NULL" : string(trial.errorMessage())) + ", "
                    + trial.optimal() + ")");
        }
        return "(SELECT trial_id::BIGINT AS trial_id, hyperparameters, hparam_tuning_evaluation_metrics,"
                + " training_loss::DOUBLE AS training_loss, eval_loss::DOUBLE AS eval_loss, status, error_message,"
                + " is_optimal FROM (VALUES " + String.join(", ", rows) + ") AS trials(trial_id, hyperparameters,"
                + " hparam_tuning_evaluation_metrics, training_loss, eval_loss, status, error_message, is_optimal))";
    }

    /** ML.GLOBAL_EXPLAIN: feature, attribution, largest first, as computed when the model was trained. */
    static String globalExplain(ModelVersion model, boolean classLevel) {
        if (model.globalExplain().isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML.GLOBAL_EXPLAIN needs a model trained with"
                    + " OPTIONS (enable_global_explain = true); version " + model.version() + " of model '"
                    + model.name() + "' was not");
        }
        if (classLevel) {
            if (model.classGlobalExplain().isEmpty()) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML.GLOBAL_EXPLAIN: class_level_explain is for"
                        + " classifiers trained with enable_global_explain by this version; version "
                        + model.version() + " of model '" + model.name() + "' has " + (model.isClassifier()
                        ? "no per-class explanation (train a new version)" : "no classes"));
            }
            String labelType = model.labelType().isEmpty() ? "VARCHAR" : model.labelType();
            return "(SELECT CAST(class_label AS " + labelType + ") AS class_label, feature, attribution::DOUBLE AS"
                    + " attribution FROM (VALUES " + model.classGlobalExplain().stream()
                    .map(a -> "(" + string(a.classLabel()) + ", " + string(a.feature()) + ", "
                            + literal(a.attribution()) + ")")
                    .collect(java.util.stream.Collectors.joining(", "))
                    + ") AS explanation(class_label, feature, attribution))";
        }
        return "(SELECT feature, attribution::DOUBLE AS attribution FROM (VALUES " + model.globalExplain().stream()
                .map(a -> "(" + string(a.feature()) + ", " + literal(a.attribution()) + ")")
                .collect(java.util.stream.Collectors.joining(", ")) + ") AS explanation(feature, attribution))";
    }

    private static ModelVersion.Trial optimal(ModelVersion model) {
        return model.trials().stream().filter(ModelVersion.Trial::optimal).findFirst().orElseThrow();
    }

    /** A struct literal with the fields {@code names} in order (NULL for a missing value). */
    private static String struct(java.util.Map<String, Double> values, java.util.Collection<String> names) {
        return names.stream().map(n -> "'" + n + "': " + (values.get(n) == null ? "CAST(NULL AS DOUBLE)"
                : literal(values.get(n)))).collect(java.util.stream.Collectors.joining(", ", "{", "}"));
    }

    private static LisiereException recordedSince(ModelVersion model, String function) {
        if (ModelImport.MODEL_TYPES.contains(model.modelType())) {
            return new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, function + ": model '" + model.name()
                    + "' was imported (model_type " + model.modelType() + "), not trained here");
        }
        return new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, function + ": version " + model.version()
                + " of model '" + model.name() + "' was trained by a build that did not record it (model file"
                + " format " + model.formatVersion() + "); train a new version with CREATE OR REPLACE MODEL");
    }

    private static String optional(OptionalDouble value) {
        return value.isPresent() ? literal(value.getAsDouble()) : "NULL";
    }

    private static String optional(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "NULL";
    }
}
