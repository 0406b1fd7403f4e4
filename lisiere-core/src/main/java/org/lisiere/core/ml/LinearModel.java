package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A trained linear model on the original (unstandardized) scale: {@code intercept + Σ weight × value} over numeric
 * inputs (NULL replaced by the training mean) plus one weight per category of each categorical input (unseen
 * categories weigh nothing). Standard errors and two-sided p-values are present when the model was trained with
 * {@code calculate_p_values}.
 */
public record LinearModel(String label, double intercept, List<NumericInput> numeric,
        List<CategoricalInput> categorical, OptionalDouble interceptStandardError, OptionalDouble interceptPValue) {
    public LinearModel {
        requireNonNull(label, "label is null");
        numeric = List.copyOf(requireNonNull(numeric, "numeric is null"));
        categorical = List.copyOf(requireNonNull(categorical, "categorical is null"));
        interceptStandardError = interceptStandardError == null ? OptionalDouble.empty() : interceptStandardError;
        interceptPValue = interceptPValue == null ? OptionalDouble.empty() : interceptPValue;
    }

    public LinearModel(String label, double intercept, List<NumericInput> numeric, List<CategoricalInput> categorical) {
        this(label, intercept, numeric, categorical, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** A numeric input: its training mean (imputed for NULL) and standard deviation, and its weight. */
    public record NumericInput(String name, double mean, double stddev, double weight,
            OptionalDouble standardError, OptionalDouble pValue) {
        public NumericInput {
            requireNonNull(name, "name is null");
            standardError = standardError == null ? OptionalDouble.empty() : standardError;
            pValue = pValue == null ? OptionalDouble.empty() : pValue;
        }

        public NumericInput(String name, double mean, double stddev, double weight) {
            this(name, mean, stddev, weight, OptionalDouble.empty(), OptionalDouble.empty());
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
     * its own. The most frequent category is the baseline: weight 0, and no standard error.
     */
    public record CategoryWeight(String category, boolean isNull, double weight, OptionalDouble standardError,
            OptionalDouble pValue) {
        public CategoryWeight {
            requireNonNull(category, "category is null");
            standardError = standardError == null ? OptionalDouble.empty() : standardError;
            pValue = pValue == null ? OptionalDouble.empty() : pValue;
        }

        public CategoryWeight(String category, boolean isNull, double weight) {
            this(category, isNull, weight, OptionalDouble.empty(), OptionalDouble.empty());
        }
    }
}
