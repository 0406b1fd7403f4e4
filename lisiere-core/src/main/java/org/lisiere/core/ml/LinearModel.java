package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A trained linear regression on the original (unstandardized) scale: {@code intercept + Σ weight × value} over
 * numeric inputs (NULL replaced by the training mean) plus one weight per category of each categorical input
 * (unseen categories weigh nothing).
 */
public record LinearModel(String label, double intercept, List<NumericInput> numeric,
        List<CategoricalInput> categorical) {
    public LinearModel {
        requireNonNull(label, "label is null");
        numeric = List.copyOf(requireNonNull(numeric, "numeric is null"));
        categorical = List.copyOf(requireNonNull(categorical, "categorical is null"));
    }

    /** A numeric input: its training mean (imputed for NULL) and standard deviation, and its weight. */
    public record NumericInput(String name, double mean, double stddev, double weight) {
        public NumericInput {
            requireNonNull(name, "name is null");
        }
    }

    /** A one-hot encoded input with one weight per training category. */
    public record CategoricalInput(String name, List<CategoryWeight> categories) {
        public CategoricalInput {
            requireNonNull(name, "name is null");
            categories = List.copyOf(requireNonNull(categories, "categories is null"));
        }
    }

    /**
     * The weight of one category; {@code isNull} marks the NULL category, which BigQuery ML encodes as a category of
     * its own.
     */
    public record CategoryWeight(String category, boolean isNull, double weight) {
        public CategoryWeight {
            requireNonNull(category, "category is null");
        }
    }
}
