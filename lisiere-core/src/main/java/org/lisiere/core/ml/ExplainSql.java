package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;
import static org.lisiere.core.ml.LinearModelSql.INPUT_ALIAS;
import static org.lisiere.core.ml.LinearModelSql.literal;
import static org.lisiere.core.ml.LinearModelSql.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lisiere.core.ml.LinearModel.CategoricalInput;
import org.lisiere.core.ml.LinearModel.NumericInput;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.TableName;

/**
 * Compiles ML.EXPLAIN_PREDICT, and the attributions behind ML.GLOBAL_EXPLAIN, into SQL. Attributions are exact and
 * explain the model's raw output for the predicted class: the prediction of a regressor, the log-odds (margin) of a
 * binary classifier's predicted class (the negative class's is minus the positive one's), the class score of a
 * multiclass model. For every row {@code baseline_prediction_value + Σ attributions = prediction_value}.
 *
 * <ul>
 *   <li>Linear and logistic models: {@code weight × (value − training mean)} for a numeric input (a NULL value is
 *       the mean: attribution 0), the weight of the row's category for a categorical input (relative to an unseen
 *       category, which weighs 0); the baseline is the prediction at the means.
 *   <li>Trees: TreeSHAP ({@link TreeShap}), the sum over each column's one-hot features; the baseline is the
 *       cover-weighted expected margin.
 * </ul>
 */
final class ExplainSql {
    private static final String CLASS = "__lisiere_class";

    private ExplainSql() {}

    /**
     * The attributions of a model as SQL over a relation holding the input columns and, for classifiers, the 1-based
     * predicted class {@code __lisiere_class}.
     *
     * @param features the input columns explained, in model order
     * @param values one attribution expression per feature
     * @param baseline the expected output
     * @param prediction the output the attributions add up to
     */
    record Attributions(List<String> features, List<String> values, String baseline, String prediction) {
        Attributions {
            features = List.copyOf(requireNonNull(features, "features is null"));
            values = List.copyOf(requireNonNull(values, "values is null"));
            requireNonNull(baseline, "baseline is null");
            requireNonNull(prediction, "prediction is null");
        }
    }

    /**
     * ML.EXPLAIN_PREDICT: the predicted label (and for classifiers its probability), the {@code topK} largest
     * attributions by absolute value, baseline_prediction_value, prediction_value, approximation_error, then the
     * input columns.
     */
    static String explainPredict(ModelVersion model, String data, int topK, double threshold,
            Consumer<FloatFunction> register) {
        Attributions attributions = attributions(model, register);
        int m = attributions.features().size();
        String keyed = IntStream.range(0, m).mapToObj(j -> "{'key': -abs(" + value(j) + "), 'feature': "
                + string(attributions.features().get(j)) + ", 'attribution': " + value(j) + "}")
                .collect(Collectors.joining(", ", "[", "]"));
        String sum = IntStream.range(0, m).mapToObj(ExplainSql::value).collect(Collectors.joining(" + "));
        String label = TableName.quote("predicted_" + model.label());
        String probability = model.isClassifier() ? ", probability" : "";
        String internal = IntStream.range(0, m).mapToObj(ExplainSql::value).collect(Collectors.joining(", "));
        // The lambda's parameter has a name no input column has: DuckDB would bind a column of the same name instead.
        return "(SELECT " + label + probability + ", list_transform(list_slice(list_sort(" + keyed + "), 1, " + topK
                + "), lambda __lisiere_t: {'feature': __lisiere_t.feature, 'attribution': __lisiere_t.attribution})"
                + " AS top_feature_attributions,"
                + " __lisiere_baseline AS baseline_prediction_value, __lisiere_value AS prediction_value,"
                + " abs(__lisiere_value - (__lisiere_baseline + " + sum + ")) AS approximation_error,"
                + " * EXCLUDE (" + label + probability + (model.isClassifier() ? ", " + CLASS : "") + ", " + internal
                + ", __lisiere_baseline, __lisiere_value) FROM " + explained(model, data, threshold,
                        Optional.empty(), attributions, register) + ")";
    }

    /**
     * A one-row query with the mean absolute attribution of each of {@code attributions.features()} over
     * {@code data}, in that order (ML.GLOBAL_EXPLAIN): to each row's predicted class, or to the 1-based class
     * {@code explainedClass} of a classifier.
     */
    static String meanAbsoluteAttributions(ModelVersion model, String data, Attributions attributions,
            Optional<Integer> explainedClass, Consumer<FloatFunction> register) {
        return "(SELECT " + IntStream.range(0, attributions.features().size())
                .mapToObj(j -> "avg(abs(" + value(j) + "))").collect(Collectors.joining(", "))
                + " FROM " + explained(model, data, 0.5, explainedClass, attributions, register) + ")";
    }

    /** The input with the prediction and the attribution columns (to {@code explainedClass} when present). */
    private static String explained(ModelVersion model, String data, double threshold,
            Optional<Integer> explainedClass, Attributions attributions, Consumer<FloatFunction> register) {
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < attributions.features().size(); j++) {
            columns.add(attributions.values().get(j) + " AS " + value(j));
        }
        return "(SELECT " + String.join(", ", columns) + ", " + attributions.baseline() + " AS __lisiere_baseline, "
                + attributions.prediction() + " AS __lisiere_value, * FROM " + predicted(model, data, threshold,
                        explainedClass, register) + ")";
    }

    /**
     * The input with the predicted label first (classifiers: its probability, and the class index to explain: the
     * predicted one unless {@code explainedClass} is given).
     */
    private static String predicted(ModelVersion model, String data, double threshold,
            Optional<Integer> explainedClass, Consumer<FloatFunction> register) {
        String label = TableName.quote("predicted_" + model.label());
        if (!model.isClassifier()) {
            return "(SELECT " + ModelSql.regression(model, register) + " AS " + label + ", " + INPUT_ALIAS + ".* FROM "
                    + data + " AS " + INPUT_ALIAS + ")";
        }
        int k = model.classes().size();
        String probabilities = IntStream.rangeClosed(1, k).mapToObj(c -> "__lisiere_p" + c)
                .collect(Collectors.joining(", "));
        String index = ClassifierSql.predictedIndex(k, threshold);
        return "(SELECT " + ClassifierSql.predictedLabel(model, threshold) + " AS " + label + ", [" + probabilities
                + "][" + index + "] AS probability, " + explainedClass.map(String::valueOf).orElse(index) + " AS "
                + CLASS + ", * EXCLUDE (" + probabilities
                + ") FROM " + ClassifierSql.scored(model, data, register) + ")";
    }

    private static String value(int feature) {
        return "__lisiere_a" + feature;
    }

    /** The attributions of the model for its predicted class. */
    static Attributions attributions(ModelVersion model, Consumer<FloatFunction> register) {
        if (model.trees().isPresent()) {
            return trees(model, model.trees().get(), register);
        }
        UnaryOperator<String> column = model.columns();
        if (model.linear().isPresent()) {
            Attributions positive = linear(model.linear().get(), column);
            if (!model.isClassifier()) {
                return positive;
            }
            String sign = "CASE WHEN " + CLASS + " = 2 THEN 1e0 ELSE -1e0 END";
            return new Attributions(positive.features(), positive.values().stream().map(v -> sign + " * " + v)
                    .toList(), sign + " * " + positive.baseline(), sign + " * " + positive.prediction());
        }
        List<Attributions> perClass = model.classModels().stream().map(m -> linear(m, column)).toList();
        IntFunction<String> pick = j -> perClass.stream().map(a -> a.values().get(j))
                .collect(Collectors.joining(", ", "[", "][" + CLASS + "]"));
        return new Attributions(perClass.get(0).features(),
                IntStream.range(0, perClass.get(0).features().size()).mapToObj(pick).toList(),
                perClass.stream().map(Attributions::baseline)
                        .collect(Collectors.joining(", ", "[", "][" + CLASS + "]")),
                perClass.stream().map(Attributions::prediction)
                        .collect(Collectors.joining(", ", "[", "][" + CLASS + "]")));
    }

    private static Attributions linear(LinearModel model, UnaryOperator<String> column) {
        List<String> features = new ArrayList<>();
        List<String> values = new ArrayList<>();
        double baseline = model.intercept();
        for (NumericInput input : model.numeric()) {
            features.add(input.name());
            values.add(literal(input.weight()) + " * (coalesce(CAST(" + column.apply(input.name()) + " AS DOUBLE), "
                    + literal(input.mean()) + ") - " + literal(input.mean()) + ")");
            baseline += input.weight() * input.mean();
        }
        for (CategoricalInput input : model.categorical()) {
            features.add(input.name());
            values.add(LinearModelSql.categoryWeight(input, column));
        }
        return new Attributions(features, values, literal(baseline), LinearModelSql.prediction(model, column));
    }

    private static Attributions trees(ModelVersion model, TreeModel trees, Consumer<FloatFunction> register) {
        TreeExplanations explanations = trees.explanations();
        String output = !model.isClassifier() ? "1" : model.classes().size() == 2
                ? "CASE WHEN " + CLASS + " = 2 THEN 1 ELSE -1 END" : CLASS;
        String arguments = explanations.arguments(output, model.columns());
        String prefix = "__lisiere_explain_" + trees.id() + "_";
        List<String> columns = explanations.columns();
        List<String> values = new ArrayList<>();
        for (int j = 0; j <= columns.size(); j++) {
            int index = j;
            register.accept(new FloatFunction(prefix + j, explanations.arity(),
                    (rows, count, results) -> explanations.values(index, rows, count, results)));
            values.add(prefix + j + arguments);
        }
        String baseline = !model.isClassifier() ? literal(explanations.baseline(1))
                : model.classes().size() == 2 ? "CASE WHEN " + CLASS + " = 2 THEN " + literal(explanations.baseline(1))
                        + " ELSE " + literal(explanations.baseline(-1)) + " END"
                : IntStream.rangeClosed(1, model.classes().size()).mapToObj(c -> literal(explanations.baseline(c)))
                        .collect(Collectors.joining(", ", "[", "][" + CLASS + "]"));
        return new Attributions(columns, values.subList(0, columns.size()), baseline, values.get(columns.size()));
    }
}
