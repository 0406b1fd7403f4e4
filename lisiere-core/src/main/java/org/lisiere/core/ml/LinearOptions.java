package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lisiere.core.ml.OptionReader.SplitOptions;
import org.lisiere.core.sql.OptionValue;

/**
 * The options of {@code linear_reg} and {@code logistic_reg}, with BigQuery ML's names and defaults, validated.
 *
 * @param classWeights for logistic_reg, the weight of each label as written ({@code class_weights}); else empty
 * @param dummyEncoding whether {@code category_encoding_method = 'dummy_encoding'}, which drops the most frequent
 *     category of each input from the weights
 */
record LinearOptions(String modelType, String label, double l1, double l2, boolean fitIntercept, SplitOptions split,
        int maxIterations, boolean earlyStop, double minRelProgress, boolean autoClassWeights,
        Map<String, Double> classWeights, boolean calculatePValues, boolean dummyEncoding,
        Map<String, String> effective) {
    static final long DEFAULT_SEED = 42;
    private static final List<String> LINEAR = List.of("input_label_cols", "l1_reg", "l2_reg", "optimize_strategy",
            "max_iterations", "early_stop", "min_rel_progress", "fit_intercept", "calculate_p_values",
            "category_encoding_method");

    LinearOptions {
        requireNonNull(modelType, "modelType is null");
        requireNonNull(label, "label is null");
        requireNonNull(split, "split is null");
        classWeights = Map.copyOf(requireNonNull(classWeights, "classWeights is null"));
        effective = Map.copyOf(requireNonNull(effective, "effective is null"));
    }

    long seed() {
        return split.seed();
    }

    static LinearOptions parse(String modelType, Map<String, OptionValue> options) {
        boolean logistic = modelType.equals("logistic_reg");
        List<String> allowed = new java.util.ArrayList<>(LINEAR);
        allowed.addAll(OptionReader.SUPERVISED);
        if (logistic) {
            allowed.addAll(List.of("auto_class_weights", "class_weights"));
        }
        OptionReader reader = new OptionReader(modelType, options, allowed);
        String label = label(reader);
        double l1 = reader.number("l1_reg", 0, 0, Double.MAX_VALUE, "a number >= 0");
        double l2 = reader.number("l2_reg", 0, 0, Double.MAX_VALUE, "a number >= 0");
        reader.word("optimize_strategy", "auto_strategy", List.of("auto_strategy", "batch_gradient_descent",
                "normal_equation"));
        int maxIterations = reader.integer("max_iterations", 20, 1, "an integer >= 1");
        boolean earlyStop = reader.bool("early_stop", true);
        double minRelProgress = reader.number("min_rel_progress", 0.01, 0, 1, "a number between 0 and 1");
        boolean autoClassWeights = logistic && reader.bool("auto_class_weights", false);
        Map<String, Double> classWeights = logistic ? classWeights(reader, autoClassWeights) : Map.of();
        boolean fitIntercept = reader.bool("fit_intercept", true);
        boolean pValues = reader.bool("calculate_p_values", false);
        if (pValues && l1 > 0) {
            throw options.get("calculate_p_values").invalid("false when l1_reg > 0 (p-values of an L1 fit are not"
                    + " defined)");
        }
        boolean dummy = reader.word("category_encoding_method", "one_hot_encoding",
                List.of("one_hot_encoding", "dummy_encoding")).equals("dummy_encoding");
        SplitOptions split = reader.split();
        return new LinearOptions(modelType, label, l1, l2, fitIntercept, split, maxIterations, earlyStop,
                minRelProgress, autoClassWeights, classWeights, pValues, dummy, reader.effective());
    }

    static String label(OptionReader reader) {
        List<String> labels = reader.get("input_label_cols").map(OptionValue::asStringList).orElse(List.of("label"));
        if (labels.size() != 1) {
            throw reader.get("input_label_cols").orElseThrow().invalid("an array of exactly one column name");
        }
        reader.record("input_label_cols", "['" + labels.get(0) + "']");
        return labels.get(0);
    }

    static Map<String, Double> classWeights(OptionReader reader, boolean autoClassWeights) {
        if (reader.get("class_weights").isEmpty()) {
            return Map.of();
        }
        OptionValue option = reader.get("class_weights").get();
        if (autoClassWeights) {
            throw option.invalid("no class_weights when auto_class_weights is true; choose one");
        }
        Map<String, Double> weights = option.asWeightPairs();
        if (weights.values().stream().anyMatch(w -> !(w > 0) || Double.isInfinite(w))) {
            throw option.invalid("weights > 0");
        }
        reader.record("class_weights", weights.entrySet().stream()
                .map(e -> "STRUCT('" + e.getKey() + "', " + e.getValue() + ")")
                .collect(Collectors.joining(", ", "[", "]")));
        return weights;
    }
}
