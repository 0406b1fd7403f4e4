package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Reads the {@code OPTIONS (...)} of a CREATE MODEL: rejects options the model type does not know, validates each
 * value, and records every option with its default filled in (the model's provenance).
 */
final class OptionReader {
    /** Options every model type takes. */
    static final List<String> COMMON = List.of("model_type", "seed", "auto_deploy");
    /** Options of the supervised model types: how evaluation rows are held out, and global explanations. */
    static final List<String> SUPERVISED = List.of("data_split_method", "data_split_eval_fraction", "data_split_col",
            "enable_global_explain");

    private final String modelType;
    private final Map<String, OptionValue> options;
    private final Map<String, String> effective = new LinkedHashMap<>();

    OptionReader(String modelType, Map<String, OptionValue> options, List<String> allowed) {
        this.modelType = requireNonNull(modelType, "modelType is null");
        this.options = Map.copyOf(requireNonNull(options, "options is null"));
        Set<String> names = new TreeSet<>(COMMON);
        names.addAll(allowed);
        for (OptionValue option : options.values()) {
            if (!names.contains(option.name())) {
                throw new LisiereException(ErrorCode.INVALID_OPTION, "CREATE MODEL: unknown option '" + option.name()
                        + "' for model_type '" + modelType + "'; allowed: " + String.join(", ", names),
                        option.token().position());
            }
        }
        effective.put("model_type", modelType);
    }

    String modelType() {
        return modelType;
    }

    Optional<OptionValue> get(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** The options as given and defaulted so far, in the order they were read. */
    Map<String, String> effective() {
        return Map.copyOf(effective);
    }

    void record(String name, String value) {
        effective.put(name, value);
    }

    double number(String name, double fallback) {
        double value = get(name).map(OptionValue::asDouble).orElse(fallback);
        effective.put(name, format(value));
        return value;
    }

    /** A number as options are written: whole numbers without a fraction ({@code 20}, not {@code 20.0}). */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** A number within [min, max]; {@code allowed} describes the range in the error. */
    double number(String name, double fallback, double min, double max, String allowed) {
        double value = number(name, fallback);
        if (value < min || value > max) {
            throw options.get(name).invalid(allowed);
        }
        return value;
    }

    int integer(String name, int fallback, int min, String allowed) {
        double value = number(name, fallback);
        if (value != Math.rint(value) || value < min || value > Integer.MAX_VALUE) {
            throw options.get(name).invalid(allowed);
        }
        return (int) value;
    }

    boolean bool(String name, boolean fallback) {
        boolean value = get(name).map(OptionValue::asBoolean).orElse(fallback);
        effective.put(name, Boolean.toString(value));
        return value;
    }

    String word(String name, String fallback, List<String> allowed) {
        String value = get(name).map(OptionValue::asString).orElse(fallback).toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw options.get(name).invalid("one of '" + String.join("', '", allowed) + "'");
        }
        effective.put(name, value);
        return value;
    }

    /** The options every supervised model type shares: the data split, and {@code enable_global_explain}. */
    SplitOptions split() {
        bool("enable_global_explain", false);
        String method = word("data_split_method", "auto_split",
                List.of("auto_split", "random", "custom", "seq", "no_split"));
        double fraction = number("data_split_eval_fraction", 0.2);
        if (fraction <= 0 || fraction >= 1) {
            throw options.get("data_split_eval_fraction").invalid("a fraction between 0 and 1");
        }
        Optional<String> column = get("data_split_col").map(OptionValue::asString);
        if ((method.equals("custom") || method.equals("seq")) && column.isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_OPTION, "CREATE MODEL: data_split_method '" + method
                    + "' needs data_split_col, the column that "
                    + (method.equals("custom") ? "is TRUE for evaluation rows" : "orders the rows"),
                    options.get("data_split_method").token().position());
        }
        if (column.isPresent() && !method.equals("custom") && !method.equals("seq")) {
            throw options.get("data_split_col").invalid("no data_split_col: it is used only with data_split_method"
                    + " 'custom' or 'seq'");
        }
        column.ifPresent(c -> effective.put("data_split_col", c));
        long seed = (long) number("seed", LinearOptions.DEFAULT_SEED);
        return new SplitOptions(method, fraction, column, seed);
    }

    /** How the rows divide into training and evaluation. */
    record SplitOptions(String method, double evalFraction, Optional<String> column, long seed) {
        SplitOptions {
            requireNonNull(method, "method is null");
            requireNonNull(column, "column is null");
        }
    }
}
