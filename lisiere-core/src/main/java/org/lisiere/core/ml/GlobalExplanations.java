package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;
import static org.lisiere.core.ml.LinearModelSql.INPUT_ALIAS;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.QueryResult;

/**
 * ML.GLOBAL_EXPLAIN's values, computed once when a model is trained with {@code enable_global_explain}: the mean
 * absolute attribution of each input over the rows of the training query, to each row's predicted class and, for
 * classifiers, to each class's score.
 *
 * <p>Linear models average their attribution expressions ({@link ExplainSql}) in the engine. Tree models explain
 * each row once in Java, every class at a time, through one engine function that adds the rows' absolute
 * attributions to a running total: TreeSHAP dominates the cost, and averaging one engine column per input and class
 * would run it once per class.
 */
final class GlobalExplanations {
    /** The totals of the tree explanations running now, by the token passed to the engine function. */
    private static final Map<Integer, Totals> RUNNING = new ConcurrentHashMap<>();
    /** Tokens travel as FLOAT arguments: they stay below 2^24, where floats hold every integer. */
    private static final AtomicInteger NEXT_TOKEN = new AtomicInteger();

    private final EngineSession engine;
    private final Consumer<FloatFunction> register;

    GlobalExplanations(EngineSession engine, Consumer<FloatFunction> register) {
        this.engine = requireNonNull(engine, "engine is null");
        this.register = requireNonNull(register, "register is null");
    }

    /**
     * The global explanations of a model over the rows of {@code query}.
     *
     * @param global per input, largest first, the mean absolute attribution to each row's predicted class
     * @param perClass for a classifier, per class in class order and per input largest first, the mean absolute
     *     attribution to the class's score (a binary model's two scores are opposite log-odds: both classes have
     *     the global values); empty for a regressor
     */
    record Explanations(List<ModelVersion.FeatureAttribution> global, List<ModelVersion.ClassAttribution> perClass) {
        Explanations {
            global = List.copyOf(requireNonNull(global, "global is null"));
            perClass = List.copyOf(requireNonNull(perClass, "perClass is null"));
        }
    }

    Explanations of(ModelVersion model, String query) {
        List<List<ModelVersion.FeatureAttribution>> means = model.trees().isPresent()
                ? treeMeans(model, model.trees().get(), query) : linearMeans(model, query);
        List<ModelVersion.ClassAttribution> perClass = new ArrayList<>();
        for (int c = 0; c < model.classes().size(); c++) {
            String label = model.classes().get(c);
            means.get(model.classes().size() == 2 ? 0 : c + 1).forEach(a -> perClass.add(
                    new ModelVersion.ClassAttribution(label, a.feature(), a.attribution())));
        }
        return new Explanations(means.get(0), perClass);
    }

    /** The means to the predicted class, then (multiclass) to each class, each largest first. */
    private List<List<ModelVersion.FeatureAttribution>> linearMeans(ModelVersion model, String query) {
        List<List<ModelVersion.FeatureAttribution>> means = new ArrayList<>();
        means.add(linearMeans(model, query, Optional.empty()));
        for (int c = 1; model.classes().size() > 2 && c <= model.classes().size(); c++) {
            means.add(linearMeans(model, query, Optional.of(c)));
        }
        return means;
    }

    private List<ModelVersion.FeatureAttribution> linearMeans(ModelVersion model, String query,
            Optional<Integer> explainedClass) {
        ExplainSql.Attributions attributions = ExplainSql.attributions(model, register);
        double[] means = new double[attributions.features().size()];
        try (QueryResult result = engine.execute("SELECT * FROM " + ExplainSql.meanAbsoluteAttributions(model,
                "(" + query + ")", attributions, explainedClass, register))) {
            org.lisiere.spi.Batch row = result.nextBatch().orElseThrow();
            for (int j = 0; j < means.length; j++) {
                means[j] = row.column(j).isNull(0) ? 0 : row.column(j).getDouble(0);
            }
        }
        return sorted(attributions.features(), means);
    }

    private List<List<ModelVersion.FeatureAttribution>> treeMeans(ModelVersion model, TreeModel trees, String query) {
        TreeExplanations explanations = trees.explanations();
        String function = "__lisiere_global_explain_" + trees.id();
        register.accept(new FloatFunction(function, explanations.arity(), (rows, count, results) -> {
            RUNNING.get((int) rows[0]).add(explanations, rows, count);
            java.util.Arrays.fill(results, 0, count, 0);
        }));
        int token = NEXT_TOKEN.getAndUpdate(t -> (t + 1) % (1 << 24));
        Totals totals = new Totals(explanations.outputs(), explanations.columns().size());
        RUNNING.put(token, totals);
        long rows;
        try (QueryResult result = engine.execute("SELECT count(" + function + explanations.arguments(
                String.valueOf(token), model.columns()) + ") FROM (" + query + ") AS " + INPUT_ALIAS)) {
            rows = result.nextBatch().orElseThrow().column(0).getLong(0);
        } finally {
            RUNNING.remove(token);
        }
        List<List<ModelVersion.FeatureAttribution>> means = new ArrayList<>();
        for (double[] total : totals.sums()) {
            double[] mean = total.clone();
            for (int j = 0; j < mean.length; j++) {
                mean[j] = rows == 0 ? 0 : mean[j] / rows;
            }
            means.add(sorted(explanations.columns(), mean));
        }
        return means;
    }

    private static List<ModelVersion.FeatureAttribution> sorted(List<String> features, double[] means) {
        List<ModelVersion.FeatureAttribution> result = new ArrayList<>();
        for (int j = 0; j < means.length; j++) {
            result.add(new ModelVersion.FeatureAttribution(features.get(j), means[j]));
        }
        result.sort(Comparator.comparingDouble(ModelVersion.FeatureAttribution::attribution).reversed());
        return result;
    }

    /** Sums of absolute attributions: to the predicted class, then (multiclass) to each class. */
    private static final class Totals {
        private final double[][] sums;

        Totals(int outputs, int columns) {
            sums = new double[outputs == 1 ? 1 : outputs + 1][columns];
        }

        void add(TreeExplanations explanations, float[] rows, int count) {
            double[][] batch = new double[sums.length][sums[0].length];
            explanations.addAbsolute(rows, count, explanations.arity(), 1, batch);
            synchronized (this) {
                for (int o = 0; o < sums.length; o++) {
                    for (int j = 0; j < sums[o].length; j++) {
                        sums[o][j] += batch[o][j];
                    }
                }
            }
        }

        synchronized double[][] sums() {
            return sums;
        }
    }
}
