package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Hyper-parameter tuning: {@code num_trials} models trained with values drawn from {@code HPARAM_RANGE(a, b)} or
 * {@code HPARAM_CANDIDATES([...])} ({@code random_search}, seeded) or every combination of the candidates
 * ({@code grid_search}). The trial with the best objective on the evaluation split becomes the model.
 */
final class Tuning {
    static final List<String> OPTIONS = List.of("num_trials", "max_parallel_trials", "hparam_tuning_algorithm",
            "hparam_tuning_objectives");
    private static final List<String> TREE_TUNABLE = List.of("learn_rate", "l1_reg", "l2_reg", "max_tree_depth",
            "subsample", "min_split_loss", "num_parallel_tree", "min_tree_child_weight", "colsample_bytree",
            "colsample_bylevel", "colsample_bynode");
    /** Tunable options per model type. */
    private static final Map<String, List<String>> TUNABLE = Map.of(
            "linear_reg", List.of("l1_reg", "l2_reg"),
            "logistic_reg", List.of("l1_reg", "l2_reg"),
            "kmeans", List.of("num_clusters"),
            "boosted_tree_classifier", TREE_TUNABLE,
            "boosted_tree_regressor", TREE_TUNABLE,
            "random_forest_classifier", TREE_TUNABLE.subList(1, TREE_TUNABLE.size()),
            "random_forest_regressor", TREE_TUNABLE.subList(1, TREE_TUNABLE.size()));
    /** The options searched when the statement names none, per model type. */
    private static final Map<String, List<String>> DEFAULT_SPACE = Map.of(
            "linear_reg", List.of("l1_reg", "l2_reg"),
            "logistic_reg", List.of("l1_reg", "l2_reg"),
            "kmeans", List.of("num_clusters"),
            "boosted_tree_classifier", List.of("learn_rate", "max_tree_depth", "subsample", "l2_reg"),
            "boosted_tree_regressor", List.of("learn_rate", "max_tree_depth", "subsample", "l2_reg"),
            "random_forest_classifier", List.of("max_tree_depth", "subsample", "colsample_bynode"),
            "random_forest_regressor", List.of("max_tree_depth", "subsample", "colsample_bynode"));
    /** BigQuery ML's default ranges. */
    private static final Map<String, double[]> DEFAULT_RANGES = Map.of(
            "l1_reg", new double[] {0, 10}, "l2_reg", new double[] {0, 10}, "num_clusters", new double[] {2, 10},
            "learn_rate", new double[] {0, 1}, "max_tree_depth", new double[] {1, 10},
            "subsample", new double[] {0, 1}, "colsample_bynode", new double[] {0, 1});
    /** Searched on a log scale (regularization spans orders of magnitude); the others on a linear scale. */
    private static final Set<String> LOG_SCALE = Set.of("l1_reg", "l2_reg");
    private static final Set<String> INTEGERS = Set.of("num_clusters", "max_tree_depth", "num_parallel_tree");

    private Tuning() {}

    /**
     * The trials to run.
     *
     * @param options per trial: the statement's options with each tuned option set to the trial's value
     * @param values per trial: the tuned values
     * @param effective the tuning options with defaults, for the model's provenance
     */
    record Plan(List<Map<String, OptionValue>> options, List<Map<String, Double>> values, String objective,
            Map<String, String> effective) {
        Plan {
            options = List.copyOf(options);
            values = List.copyOf(values);
            requireNonNull(objective, "objective is null");
            effective = Map.copyOf(effective);
        }

        /** Whether a larger objective is better. */
        boolean maximize() {
            return !objective.equals("davies_bouldin_index") && !objective.endsWith("_error")
                    && !objective.equals("log_loss") && !objective.equals("mean_squared_distance");
        }
    }

    /** The trials, or empty without {@code num_trials}. */
    static Optional<Plan> plan(String modelType, Map<String, OptionValue> options, long seed) {
        List<String> tunable = TUNABLE.getOrDefault(modelType, List.of());
        Map<String, OptionValue> searched = new LinkedHashMap<>();
        for (OptionValue option : options.values()) {
            if (option.isCall("HPARAM_RANGE") || option.isCall("HPARAM_CANDIDATES")) {
                if (!tunable.contains(option.name())) {
                    throw option.invalid("a single value: this version tunes " + (tunable.isEmpty() ? "nothing"
                            : String.join(", ", tunable)) + " of " + modelType);
                }
                searched.put(option.name(), option);
            }
        }
        OptionValue trialsOption = options.get("num_trials");
        if (trialsOption == null) {
            for (String name : OPTIONS) {
                if (options.containsKey(name)) {
                    throw options.get(name).invalid("no " + name + " without num_trials, which turns tuning on");
                }
            }
            if (!searched.isEmpty()) {
                throw searched.values().iterator().next().invalid("a single value unless num_trials is set");
            }
            return Optional.empty();
        }
        int trials = (int) trialsOption.asDouble();
        if (trials < 1 || trials > 100 || trials != trialsOption.asDouble()) {
            throw trialsOption.invalid("an integer from 1 to 100");
        }
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("num_trials", Integer.toString(trials));
        String algorithm = Optional.ofNullable(options.get("hparam_tuning_algorithm")).map(OptionValue::asString)
                .orElse("random_search").toLowerCase(Locale.ROOT);
        if (!Set.of("random_search", "grid_search", "vizier_default").contains(algorithm)) {
            throw options.get("hparam_tuning_algorithm").invalid("'random_search', 'grid_search' or"
                    + " 'vizier_default' (which this version runs as random_search)");
        }
        effective.put("hparam_tuning_algorithm", algorithm);
        effective.put("max_parallel_trials", "1");
        String objective = objective(modelType, options.get("hparam_tuning_objectives"));
        effective.put("hparam_tuning_objectives", "['" + objective + "']");
        if (searched.isEmpty()) {
            for (String name : DEFAULT_SPACE.get(modelType)) {
                if (!options.containsKey(name)) {
                    double[] range = DEFAULT_RANGES.get(name);
                    searched.put(name, range(name, range[0], range[1]));
                }
            }
        }
        searched.forEach((name, option) -> effective.put("hparam_space." + name, describe(option)));
        List<Map<String, Double>> values = algorithm.equals("grid_search") ? grid(searched, trials)
                : random(searched, trials, seed);
        List<Map<String, OptionValue>> perTrial = new ArrayList<>();
        for (Map<String, Double> trial : values) {
            Map<String, OptionValue> trialOptions = new LinkedHashMap<>(options);
            OPTIONS.forEach(trialOptions::remove);
            trial.forEach((name, value) -> trialOptions.put(name, number(name, value, trialsOption.token())));
            perTrial.add(trialOptions);
        }
        return Optional.of(new Plan(perTrial, values, objective, effective));
    }

    private static String objective(String modelType, OptionValue option) {
        List<String> allowed = switch (modelType) {
            case "kmeans" -> KMeansSql.METRICS;
            case "linear_reg", "boosted_tree_regressor", "random_forest_regressor" -> RegressionMetrics.NAMES;
            default -> ClassificationMetrics.NAMES;
        };
        String fallback = switch (modelType) {
            case "kmeans" -> "davies_bouldin_index";
            case "linear_reg", "boosted_tree_regressor", "random_forest_regressor" -> "r2_score";
            default -> "roc_auc";
        };
        if (option == null) {
            return fallback;
        }
        List<String> names = option.asStringList();
        String name = names.size() == 1 ? names.get(0).toLowerCase(Locale.ROOT) : "";
        if (!allowed.contains(name)) {
            throw option.invalid("one metric of " + String.join(", ", allowed));
        }
        return name;
    }

    private static List<Map<String, Double>> random(Map<String, OptionValue> searched, int trials, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Double>> values = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Double> trial = new LinkedHashMap<>();
            searched.forEach((name, option) -> trial.put(name, draw(name, option, random)));
            values.add(trial);
        }
        return values;
    }

    private static double draw(String name, OptionValue option, SplittableRandom random) {
        List<Double> numbers = option.numbers();
        if (option.isCall("HPARAM_CANDIDATES")) {
            return numbers.get(random.nextInt(numbers.size()));
        }
        double low = numbers.get(0);
        double high = numbers.get(1);
        if (INTEGERS.contains(name)) {
            return low + random.nextInt((int) (high - low) + 1);
        }
        if (!LOG_SCALE.contains(name)) {
            return high - random.nextDouble() * (high - low); // in (low, high]: a fraction of 0 is not allowed
        }
        double floor = low > 0 ? low : high * 1e-4; // a log scale needs a positive lower end
        return Math.exp(Math.log(floor) + random.nextDouble() * (Math.log(high) - Math.log(floor)));
    }

    private static List<Map<String, Double>> grid(Map<String, OptionValue> searched, int trials) {
        List<Map<String, Double>> values = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Map.Entry<String, OptionValue> entry : searched.entrySet()) {
            List<Double> candidates = candidates(entry.getKey(), entry.getValue());
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> partial : values) {
                for (double candidate : candidates) {
                    Map<String, Double> combined = new LinkedHashMap<>(partial);
                    combined.put(entry.getKey(), candidate);
                    next.add(combined);
                }
            }
            values = next;
        }
        return values.subList(0, Math.min(trials, values.size()));
    }

    private static List<Double> candidates(String name, OptionValue option) {
        List<Double> numbers = option.numbers();
        if (option.isCall("HPARAM_CANDIDATES")) {
            return numbers;
        }
        if (!INTEGERS.contains(name)) {
            throw new LisiereException(ErrorCode.INVALID_OPTION, "Option '" + name + "': grid_search needs"
                    + " HPARAM_CANDIDATES([...]) for a continuous option; HPARAM_RANGE is for random_search",
                    option.token().position());
        }
        List<Double> integers = new ArrayList<>();
        for (double k = numbers.get(0); k <= numbers.get(1); k++) {
            integers.add(k);
        }
        return integers;
    }

    private static OptionValue range(String name, double low, double high) {
        Token position = new Token(TokenType.WORD, "HPARAM_RANGE", 0, org.lisiere.spi.SourcePosition.START);
        return new OptionValue(name, position, List.of(numberToken(low, position), numberToken(high, position)));
    }

    private static String describe(OptionValue option) {
        List<Double> numbers = option.numbers();
        return option.isCall("HPARAM_RANGE") ? "HPARAM_RANGE(" + numbers.get(0) + ", " + numbers.get(1) + ")"
                : "HPARAM_CANDIDATES(" + numbers + ")";
    }

    private static OptionValue number(String name, double value, Token position) {
        return new OptionValue(name, numberToken(value, position));
    }

    private static Token numberToken(double value, Token position) {
        return new Token(TokenType.NUMBER, OptionReader.format(value), position.offset(), position.position());
    }
}
