package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The options of {@code linear_reg} and {@code logistic_reg}, with BigQuery ML's names and defaults, validated.
 * linear_reg is solved exactly by least squares and records but does not need early_stop and min_rel_progress;
 * logistic_reg iterates Newton steps (IRLS) up to max_iterations.
 */
record LinearOptions(String modelType, String label, double l2, boolean fitIntercept, String splitMethod,
        double evalFraction, long seed, int maxIterations, boolean autoClassWeights, Map<String, String> effective) {
    static final long DEFAULT_SEED = 42;
    private static final Set<String> ALLOWED = new TreeSet<>(List.of("model_type", "input_label_cols", "l1_reg",
            "l2_reg", "optimize_strategy", "max_iterations", "early_stop", "min_rel_progress", "fit_intercept",
            "calculate_p_values", "category_encoding_method", "data_split_method", "data_split_eval_fraction",
            "seed"));

    LinearOptions {
        requireNonNull(modelType, "modelType is null");
        requireNonNull(label, "label is null");
        requireNonNull(splitMethod, "splitMethod is null");
        effective = Map.copyOf(requireNonNull(effective, "effective is null"));
    }

    static LinearOptions parse(String modelType, Map<String, OptionValue> options) {
        Set<String> allowed = new TreeSet<>(ALLOWED);
        if (modelType.equals("logistic_reg")) {
            allowed.add("auto_class_weights");
        }
        for (OptionValue option : options.values()) {
            if (!allowed.contains(option.name())) {
                throw new LisiereException(ErrorCode.INVALID_OPTION, "CREATE MODEL: unknown option '" + option.name()
                        + "' for model_type '" + modelType + "'; allowed: " + String.join(", ", allowed),
                        option.token().position());
            }
        }
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("model_type", modelType);
        List<String> labels = get(options, "input_label_cols").map(OptionValue::asStringList).orElse(List.of("label"));
        if (labels.size() != 1) {
            throw options.get("input_label_cols").invalid("an array of exactly one column name");
        }
        effective.put("input_label_cols", "['" + labels.get(0) + "']");
        double l1 = number(options, "l1_reg", 0, effective);
        if (l1 != 0) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "CREATE MODEL: l1_reg needs the iterative"
                    + " solver, which this version does not have yet; use l2_reg", options.get("l1_reg").token().position());
        }
        double l2 = number(options, "l2_reg", 0, effective);
        word(options, "optimize_strategy", "auto_strategy", List.of("auto_strategy", "normal_equation"), effective);
        int maxIterations = (int) number(options, "max_iterations", 20, effective);
        if (maxIterations < 1) {
            throw options.get("max_iterations").invalid("an integer >= 1");
        }
        boolean autoClassWeights = modelType.equals("logistic_reg")
                && bool(options, "auto_class_weights", false, effective);
        bool(options, "early_stop", true, effective);
        number(options, "min_rel_progress", 0.01, effective);
        boolean fitIntercept = bool(options, "fit_intercept", true, effective);
        if (bool(options, "calculate_p_values", false, effective)) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "CREATE MODEL: calculate_p_values is not"
                    + " available yet", options.get("calculate_p_values").token().position());
        }
        word(options, "category_encoding_method", "one_hot_encoding", List.of("one_hot_encoding"), effective);
        String split = word(options, "data_split_method", "auto_split",
                List.of("auto_split", "random", "seq", "no_split"), effective);
        double fraction = number(options, "data_split_eval_fraction", 0.2, effective);
        if (fraction <= 0 || fraction >= 1) {
            throw options.get("data_split_eval_fraction").invalid("a fraction between 0 and 1");
        }
        long seed = (long) number(options, "seed", DEFAULT_SEED, effective);
        if (l2 < 0) {
            throw options.get("l2_reg").invalid("a number >= 0");
        }
        return new LinearOptions(modelType, labels.get(0), l2, fitIntercept, split, fraction, seed, maxIterations,
                autoClassWeights, effective);
    }

    private static java.util.Optional<OptionValue> get(Map<String, OptionValue> options, String name) {
        return java.util.Optional.ofNullable(options.get(name));
    }

    private static double number(Map<String, OptionValue> options, String name, double fallback,
            Map<String, String> effective) {
        double value = get(options, name).map(OptionValue::asDouble).orElse(fallback);
        effective.put(name, value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value));
        return value;
    }

    private static boolean bool(Map<String, OptionValue> options, String name, boolean fallback,
            Map<String, String> effective) {
        boolean value = get(options, name).map(OptionValue::asBoolean).orElse(fallback);
        effective.put(name, Boolean.toString(value));
        return value;
    }

    private static String word(Map<String, OptionValue> options, String name, String fallback, List<String> allowed,
            Map<String, String> effective) {
        String value = get(options, name).map(OptionValue::asString).orElse(fallback)
                .toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(value)) {
            throw options.get(name).invalid("one of '" + String.join("', '", allowed) + "'");
        }
        effective.put(name, value);
        return value;
    }
}
