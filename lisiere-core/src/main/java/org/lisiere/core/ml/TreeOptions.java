package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lisiere.core.ml.OptionReader.SplitOptions;
import org.lisiere.core.sql.OptionValue;

/**
 * The options of {@code boosted_tree_classifier/_regressor} and {@code random_forest_classifier/_regressor}, with
 * BigQuery ML's names and defaults, validated and mapped to XGBoost's parameters. A random forest is one round of
 * {@code num_parallel_tree} trees with learning rate 1, as XGBoost builds forests.
 *
 * @param parameters XGBoost's parameters except the objective, which depends on the label
 * @param rounds boosting rounds ({@code max_iterations}; 1 for a random forest)
 */
record TreeOptions(String modelType, String label, SplitOptions split, Map<String, String> parameters, int rounds,
        boolean earlyStop, double minRelProgress, boolean autoClassWeights, Map<String, Double> classWeights,
        Map<String, String> effective) {
    static final List<String> MODEL_TYPES = List.of("boosted_tree_classifier", "boosted_tree_regressor",
            "random_forest_classifier", "random_forest_regressor");
    private static final List<String> SHARED = List.of("input_label_cols", "num_parallel_tree", "max_tree_depth",
            "subsample", "min_split_loss", "min_tree_child_weight", "colsample_bytree", "colsample_bylevel",
            "colsample_bynode", "l1_reg", "l2_reg", "tree_method");
    private static final List<String> BOOSTED = List.of("learn_rate", "max_iterations", "early_stop",
            "min_rel_progress", "booster_type");

    TreeOptions {
        requireNonNull(modelType, "modelType is null");
        requireNonNull(label, "label is null");
        requireNonNull(split, "split is null");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        classWeights = Map.copyOf(requireNonNull(classWeights, "classWeights is null"));
        effective = Map.copyOf(requireNonNull(effective, "effective is null"));
    }

    boolean isClassifier() {
        return modelType.endsWith("_classifier");
    }

    long seed() {
        return split.seed();
    }

    static TreeOptions parse(String modelType, Map<String, OptionValue> options) {
        boolean forest = modelType.startsWith("random_forest");
        boolean classifier = modelType.endsWith("_classifier");
        List<String> allowed = new ArrayList<>(SHARED);
        allowed.addAll(OptionReader.SUPERVISED);
        if (!forest) {
            allowed.addAll(BOOSTED);
        }
        if (classifier) {
            allowed.addAll(List.of("auto_class_weights", "class_weights"));
        }
        OptionReader reader = new OptionReader(modelType, options, allowed);
        String label = LinearOptions.label(reader);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("booster", forest ? "gbtree" : reader.word("booster_type", "gbtree", List.of("gbtree")));
        parameters.put("num_parallel_tree", String.valueOf(reader.integer("num_parallel_tree", forest ? 100 : 1, 1,
                "an integer >= 1")));
        parameters.put("max_depth", String.valueOf(reader.integer("max_tree_depth", 6, 1, "an integer >= 1")));
        parameters.put("eta", forest ? "1" : number(reader, "learn_rate", 0.3, 0, 1, "a number between 0 and 1"));
        parameters.put("subsample", number(reader, "subsample", forest ? 0.8 : 1, 0, 1, "a fraction above 0"));
        parameters.put("gamma", number(reader, "min_split_loss", 0, 0, Double.MAX_VALUE, "a number >= 0"));
        parameters.put("min_child_weight", number(reader, "min_tree_child_weight", 1, 0, Double.MAX_VALUE,
                "a number >= 0"));
        for (String sampling : List.of("colsample_bytree", "colsample_bylevel", "colsample_bynode")) {
            parameters.put(sampling, number(reader, sampling,
                    forest && sampling.equals("colsample_bynode") ? 0.8 : 1, 0, 1, "a fraction above 0"));
        }
        parameters.put("alpha", number(reader, "l1_reg", 0, 0, Double.MAX_VALUE, "a number >= 0"));
        parameters.put("lambda", number(reader, "l2_reg", 1, 0, Double.MAX_VALUE, "a number >= 0"));
        parameters.put("tree_method", reader.word("tree_method", "hist", List.of("auto", "exact", "approx",
                "hist")));
        int rounds = forest ? 1 : reader.integer("max_iterations", 20, 1, "an integer >= 1");
        boolean earlyStop = !forest && reader.bool("early_stop", true);
        double minRelProgress = forest ? 0 : reader.number("min_rel_progress", 0.01, 0, 1,
                "a number between 0 and 1");
        boolean autoClassWeights = classifier && reader.bool("auto_class_weights", false);
        Map<String, Double> classWeights = classifier ? LinearOptions.classWeights(reader, autoClassWeights)
                : Map.of();
        SplitOptions split = reader.split();
        parameters.put("seed", String.valueOf(split.seed()));
        return new TreeOptions(modelType, label, split, parameters, rounds, earlyStop, minRelProgress,
                autoClassWeights, classWeights, reader.effective());
    }

    /** A fraction option must be above 0: XGBoost samples nothing at 0. */
    private static String number(OptionReader reader, String name, double fallback, double min, double max,
            String allowed) {
        double value = reader.number(name, fallback, min, max, allowed);
        if (value == 0 && allowed.startsWith("a fraction")) {
            throw reader.get(name).orElseThrow().invalid(allowed);
        }
        return OptionReader.format(value);
    }
}
