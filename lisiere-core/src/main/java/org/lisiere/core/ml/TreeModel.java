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

    /** Parsed ensembles of the models scored lately: parsing a large forest takes longer than scoring a batch. */
    private static final java.util.Map<String, TreeEnsemble> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.Map<String, TreeExplanations> EXPLAINED =
            new java.util.concurrent.ConcurrentHashMap<>();

    TreeEnsemble ensemble() {
        if (PARSED.size() > 16) {
            PARSED.clear();
        }
        return PARSED.computeIfAbsent(xgboostJson, TreeEnsemble::parse);
    }

    /** The SHAP values of this model, cached as its parsed ensemble. */
    TreeExplanations explanations() {
        if (EXPLAINED.size() > 16) {
            EXPLAINED.clear();
        }
        return EXPLAINED.computeIfAbsent(key(), key -> new TreeExplanations(this));
    }

    /** How the features are passed from SQL to the trees. */
    TreeInputs inputs() {
        return new TreeInputs(features);
    }

    /** What identifies the model's SQL functions: the trees and how each feature is read from the input. */
    String key() {
        return xgboostJson + features;
    }
}
