package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A boosted-tree or random-forest model: how each feature of the trees is computed from the input, and the trees
 * as XGBoost's JSON model document (kept verbatim, so that the model exports to XGBoost unchanged).
 *
 * @param label the label column
 * @param features the trees' features in XGBoost's feature order
 * @param xgboostJson the trained model, XGBoost's JSON schema
 */
public record TreeModel(String label, List<TreeFeature> features, String xgboostJson) {
    public TreeModel {
        requireNonNull(label, "label is null");
        features = List.copyOf(requireNonNull(features, "features is null"));
        requireNonNull(xgboostJson, "xgboostJson is null");
    }

    /**
     * One feature: a numeric input column as a 32-bit float (NULL is missing), or one category of a categorical
     * column as 1 or 0 (one-hot; NULL is a category of its own, unseen categories are 0 everywhere).
     *
     * @param category for one-hot features, the category text; empty for a numeric feature
     * @param nullCategory for one-hot features, whether this is the NULL category
     */
    public record TreeFeature(String column, Optional<String> category, boolean nullCategory) {
        public TreeFeature {
            requireNonNull(column, "column is null");
            category = category == null ? Optional.empty() : category;
        }

        /** The feature's name in ML.FEATURE_IMPORTANCE: the column, or {@code column_category} for one-hot. */
        String displayName() {
            return nullCategory ? column + "_NULL" : category.map(c -> column + "_" + c).orElse(column);
        }

        boolean isNumeric() {
            return category.isEmpty() && !nullCategory;
        }
    }

    /**
     * What the SQL of a model needs, computed once and kept for the models scored lately: parsing a large forest and
     * hashing its document take longer than scoring a batch.
     */
    private static final java.util.Map<Key, Compiled> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A model's identity without concatenating its document (the String caches its own hash code). */
    private record Key(String xgboostJson, List<TreeFeature> features) {}

    private static final class Compiled {
        final TreeEnsemble ensemble;
        final String id;
        private TreeExplanations explanations;

        Compiled(TreeModel model) {
            ensemble = TreeEnsemble.parse(model.xgboostJson);
            byte[] hash = TrainingData.sha256().digest((model.xgboostJson + model.features)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            id = java.util.HexFormat.of().formatHex(hash, 0, 8);
        }

        synchronized TreeExplanations explanations(TreeModel model) {
            if (explanations == null) {
                explanations = new TreeExplanations(model, ensemble);
            }
            return explanations;
        }
    }

    private Compiled compiled() {
        if (COMPILED.size() > 16) {
            COMPILED.clear();
        }
        return COMPILED.computeIfAbsent(new Key(xgboostJson, features), key -> new Compiled(this));
    }

    TreeEnsemble ensemble() {
        return compiled().ensemble;
    }

    /** The SHAP values of this model. */
    TreeExplanations explanations() {
        return compiled().explanations(this);
    }

    /** How the features are passed from SQL to the trees. */
    TreeInputs inputs() {
        return new TreeInputs(features);
    }

    /**
     * The first 16 hex digits of the SHA-256 of the trees and of how each feature is read from the input: the name of
     * the model's SQL functions.
     */
    String id() {
        return compiled().id;
    }
}
