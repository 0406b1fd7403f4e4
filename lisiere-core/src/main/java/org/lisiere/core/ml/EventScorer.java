package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lisiere.core.ml.LinearModel.CategoricalInput;
import org.lisiere.core.ml.LinearModel.CategoryWeight;
import org.lisiere.core.ml.LinearModel.NumericInput;

/**
 * Scores one event in Java, with the arithmetic of the SQL that ML.PREDICT compiles to (same operations in the same
 * order, so the same doubles up to the last bit of {@code exp}), for edge sites that answer single predictions in
 * microseconds. It covers linear and logistic regression and boosted trees and random forests without TRANSFORM; an
 * event it cannot score exactly as SQL would (a text where a number is expected, a fractional number as a category)
 * gets no answer, and the caller runs ML.PREDICT.
 *
 * <p>The answer holds ML.PREDICT's columns in order: {@code predicted_<label>}, for classifiers
 * {@code predicted_<label>_probs} (a list of {@code {label, prob}} from the greatest label down), then the event's
 * fields. Values are {@link Boolean}, {@link Long}, {@link Double}, {@link String}, lists and maps.
 */
public final class EventScorer {
    private static final double THRESHOLD = 0.5;

    private final ModelVersion model;

    private EventScorer(ModelVersion model) {
        this.model = model;
    }

    /** A scorer of {@code model}, if it is of a kind this class scores. */
    public static Optional<EventScorer> of(ModelVersion model) {
        requireNonNull(model, "model is null");
        boolean supported = model.transform().isEmpty() && model.kmeans().isEmpty() && model.onnx().isEmpty()
                && (model.trees().isPresent() || model.linear().isPresent() || !model.classModels().isEmpty())
                && (!model.isClassifier() || labelValues(model).isPresent());
        return supported ? Optional.of(new EventScorer(model)) : Optional.empty();
    }

    /**
     * ML.PREDICT's row for {@code event} (field name to {@code null}, Boolean, Long, Double or String, in the
     * event's order), or empty when this event needs the SQL path.
     */
    public Optional<Map<String, Object>> predict(Map<String, Object> event) {
        Map<String, Object> byName = new LinkedHashMap<>();
        event.forEach((name, value) -> byName.put(name.toLowerCase(Locale.ROOT), value));
        String predicted = "predicted_" + model.label().toLowerCase(Locale.ROOT);
        if (byName.size() != event.size() || byName.containsKey(predicted)
                || byName.containsKey(predicted + "_probs")) {
            return Optional.empty(); // names that differ only in case, or an output's name: as SQL names them
        }
        Optional<Map<String, Object>> scored = model.isClassifier() ? classify(byName) : regress(byName);
        return scored.map(row -> {
            row.putAll(event);
            return row;
        });
    }

    private Optional<Map<String, Object>> regress(Map<String, Object> event) {
        OptionalDouble value = model.trees().isPresent() ? margin(event, 0) : linear(model.linear().orElseThrow(),
                event);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("predicted_" + model.label(), value.getAsDouble());
        return Optional.of(row);
    }

    private Optional<Map<String, Object>> classify(Map<String, Object> event) {
        Optional<double[]> probabilities = model.classes().size() == 2 ? binary(event) : multiclass(event);
        if (probabilities.isEmpty()) {
            return Optional.empty();
        }
        double[] p = probabilities.get();
        List<Object> labels = labelValues(model).orElseThrow();
        int k = p.length;
        int predicted = k == 2 ? (p[1] >= THRESHOLD ? 1 : 0) : argMax(p);
        List<Map<String, Object>> probs = new ArrayList<>();
        for (int c = k - 1; c >= 0; c--) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", labels.get(c));
            entry.put("prob", p[c]);
            probs.add(entry);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("predicted_" + model.label(), labels.get(predicted));
        row.put("predicted_" + model.label() + "_probs", probs);
        return Optional.of(row);
    }

    /** {@code [p1, p2]}: p2 the logistic of the score, clamped for linear models as their SQL is. */
    private Optional<double[]> binary(Map<String, Object> event) {
        double p2;
        if (model.trees().isPresent()) {
            OptionalDouble margin = margin(event, 0);
            if (margin.isEmpty()) {
                return Optional.empty();
            }
            p2 = 1 / (1 + Math.exp(-margin.getAsDouble()));
        } else {
            OptionalDouble score = linear(model.linear().orElseThrow(), event);
            if (score.isEmpty()) {
                return Optional.empty();
            }
            p2 = 1 / (1 + Math.exp(-Math.max(Math.min(score.getAsDouble(), 700e0), -700e0)));
        }
        return Optional.of(new double[] {1 - p2, p2});
    }

    /** The softmax of the class scores, as the SQL computes it: exp(s - max) over their sum from the left. */
    private Optional<double[]> multiclass(Map<String, Object> event) {
        int k = model.classes().size();
        double[] scores = new double[k];
        for (int c = 0; c < k; c++) {
            OptionalDouble score = model.trees().isPresent() ? margin(event, c)
                    : linear(model.classModels().get(c), event);
            if (score.isEmpty()) {
                return Optional.empty();
            }
            scores[c] = score.getAsDouble();
        }
        double max = scores[0];
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] e = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            e[c] = Math.exp(scores[c] - max);
            sum += e[c];
        }
        double[] p = new double[k];
        for (int c = 0; c < k; c++) {
            p[c] = e[c] / sum;
        }
        return Optional.of(p);
    }

    /** The first class of greatest probability, as {@code list_position([p…], greatest(p…))}. */
    private static int argMax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** {@link LinearModelSql#prediction}: intercept, then each weighted input, then each category weight. */
    private static OptionalDouble linear(LinearModel linear, Map<String, Object> event) {
        double sum = linear.intercept();
        for (NumericInput input : linear.numeric()) {
            if (input.weight() != 0) {
                if (!event.containsKey(input.name().toLowerCase(Locale.ROOT))) {
                    return OptionalDouble.empty();
                }
                Object value = event.get(input.name().toLowerCase(Locale.ROOT));
                OptionalDouble number = value == null ? OptionalDouble.of(input.mean()) : asDouble(value);
                if (number.isEmpty()) {
                    return OptionalDouble.empty();
                }
                sum = sum + input.weight() * number.getAsDouble();
            }
        }
        for (CategoricalInput input : linear.categorical()) {
            if (!event.containsKey(input.name().toLowerCase(Locale.ROOT))) {
                return OptionalDouble.empty();
            }
            Optional<Optional<String>> text = asText(event.get(input.name().toLowerCase(Locale.ROOT)));
            if (text.isEmpty()) {
                return OptionalDouble.empty();
            }
            sum = sum + categoryWeight(input, text.get());
        }
        return OptionalDouble.of(sum);
    }

    /** The first matching category's weight, else 0, as the SQL {@code CASE} does. */
    private static double categoryWeight(CategoricalInput input, Optional<String> value) {
        for (CategoryWeight category : input.categories()) {
            if (category.isNull() ? value.isEmpty() : value.isPresent() && value.get().equals(category.category())) {
                return category.weight();
            }
        }
        return 0e0;
    }

    /** The trees' margin of group {@code group}, through the same packing as the SQL function's arguments. */
    private OptionalDouble margin(Map<String, Object> event, int group) {
        TreeModel trees = model.trees().orElseThrow();
        TreeInputs inputs = trees.inputs();
        List<String> columns = inputs.columns();
        float[] packed = new float[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c).toLowerCase(Locale.ROOT);
            if (!event.containsKey(name)) {
                return OptionalDouble.empty();
            }
            Optional<Float> argument = inputs.argument(c, event.get(name));
            if (argument.isEmpty()) {
                return OptionalDouble.empty();
            }
            packed[c] = argument.get();
        }
        double[] result = new double[1];
        trees.ensemble().margins(inputs.unpack(packed, 1, columns.size(), 0), 0, 1, inputs.width(), group, result);
        return Double.isNaN(result[0]) ? OptionalDouble.empty() : OptionalDouble.of(result[0]);
    }

    /** {@code CAST(value AS DOUBLE)} where Java gives the same double; empty for text. */
    static OptionalDouble asDouble(Object value) {
        if (value instanceof Long number) {
            return OptionalDouble.of(number.doubleValue());
        }
        if (value instanceof Double number) {
            return OptionalDouble.of(number);
        }
        if (value instanceof Boolean bool) {
            return OptionalDouble.of(bool ? 1 : 0);
        }
        return OptionalDouble.empty();
    }

    /**
     * {@code CAST(value AS VARCHAR)} where Java writes it as DuckDB does: the text (empty inside for NULL), or empty
     * for a fractional number, whose text DuckDB may write otherwise.
     */
    static Optional<Optional<String>> asText(Object value) {
        if (value == null) {
            return Optional.of(Optional.empty());
        }
        if (value instanceof String || value instanceof Long || value instanceof Boolean) {
            return Optional.of(Optional.of(value.toString()));
        }
        return Optional.empty();
    }

    /** The class labels as the values ML.PREDICT returns for the label's type, in class order. */
    private static Optional<List<Object>> labelValues(ModelVersion model) {
        String type = model.labelType().toUpperCase(Locale.ROOT);
        List<Object> labels = new ArrayList<>();
        for (String label : model.classes()) {
            switch (type) {
                case "", "VARCHAR" -> labels.add(label);
                case "BOOLEAN" -> labels.add(Boolean.parseBoolean(label));
                case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" -> {
                    try {
                        labels.add(Long.parseLong(label));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(labels);
    }
}
