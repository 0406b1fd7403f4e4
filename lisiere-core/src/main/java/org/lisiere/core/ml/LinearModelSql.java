package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lisiere.core.ml.LinearModel.CategoricalInput;
import org.lisiere.core.ml.LinearModel.CategoryWeight;
import org.lisiere.core.ml.LinearModel.NumericInput;
import org.lisiere.spi.TableName;

/**
 * Compiles a linear model into plain SQL, so that ML.PREDICT runs at the engine's own vectorized speed: a sum of
 * weighted inputs with the training mean for NULL, and a CASE per categorical input.
 */
final class LinearModelSql {
    static final String INPUT_ALIAS = "__lisiere_input";

    private LinearModelSql() {}

    /** The prediction as a SQL expression over the input's columns. */
    static String prediction(LinearModel model) {
        StringBuilder sql = new StringBuilder("(").append(literal(model.intercept()));
        for (NumericInput input : model.numeric()) {
            if (input.weight() != 0) {
                sql.append(" + ").append(literal(input.weight())).append(" * coalesce(CAST(")
                        .append(TableName.quote(input.name())).append(" AS DOUBLE), ").append(literal(input.mean()))
                        .append(')');
            }
        }
        for (CategoricalInput input : model.categorical()) {
            String column = TableName.quote(input.name());
            sql.append(" + CASE");
            for (CategoryWeight category : input.categories()) {
                sql.append(category.isNull() ? " WHEN " + column + " IS NULL"
                        : " WHEN CAST(" + column + " AS VARCHAR) = " + string(category.category()));
                sql.append(" THEN ").append(literal(category.weight()));
            }
            sql.append(" ELSE 0e0 END");
        }
        return sql.append(')').toString();
    }

    static String predict(LinearModel model, String data) {
        return "(SELECT " + prediction(model) + " AS " + TableName.quote("predicted_" + model.label()) + ", "
                + INPUT_ALIAS + ".* FROM " + data + " AS " + INPUT_ALIAS + ")";
    }

    /** Regression metrics over {@code data}, which must hold the label column. */
    static String evaluate(LinearModel model, String data) {
        String label = TableName.quote(model.label());
        return "(SELECT avg(abs(y - p)) AS mean_absolute_error, avg((y - p) * (y - p)) AS mean_squared_error,"
                + " CASE WHEN min(y) > -1 AND min(p) > -1 THEN avg(power(ln(1 + y) - ln(1 + p), 2)) END"
                + " AS mean_squared_log_error, median(abs(y - p)) AS median_absolute_error,"
                + " 1 - avg((y - p) * (y - p)) / var_pop(y) AS r2_score,"
                + " 1 - var_pop(y - p) / var_pop(y) AS explained_variance"
                + " FROM (SELECT CAST(" + label + " AS DOUBLE) AS y, " + prediction(model) + " AS p FROM " + data
                + " AS " + INPUT_ALIAS + " WHERE " + label + " IS NOT NULL))";
    }

    /** The metrics stored with the model, as a one-row table with the columns {@code names}. */
    static String storedMetrics(Map<String, Double> metrics, List<String> names) {
        String values = names.stream()
                .map(name -> metrics.containsKey(name) && Double.isFinite(metrics.get(name))
                        ? literal(metrics.get(name)) : "CAST(NULL AS DOUBLE)")
                .collect(Collectors.joining(", "));
        return "(SELECT * FROM (VALUES (" + values + ")) AS metrics(" + String.join(", ", names) + "))";
    }

    /** The probability of the positive class; the log-odds are clamped so that exp cannot overflow. */
    static String probability(LinearModel model) {
        return "(1 / (1 + exp(-greatest(least(" + prediction(model) + ", 700e0), -700e0))))";
    }

    /** ML.PREDICT of a binary classifier: the predicted label, the probabilities of both labels, the input. */
    static String predictClassifier(ModelVersion model, String data) {
        String label = model.linear().label();
        String positive = labelLiteral(model, model.classes().get(1));
        String negative = labelLiteral(model, model.classes().get(0));
        return "(SELECT CASE WHEN __lisiere_p >= 0.5 THEN " + positive + " ELSE " + negative + " END AS "
                + TableName.quote("predicted_" + label) + ", [{'label': " + positive + ", 'prob': __lisiere_p},"
                + " {'label': " + negative + ", 'prob': 1 - __lisiere_p}] AS "
                + TableName.quote("predicted_" + label + "_probs") + ", * EXCLUDE (__lisiere_p) FROM (SELECT "
                + probability(model.linear()) + " AS __lisiere_p, " + INPUT_ALIAS + ".* FROM " + data + " AS "
                + INPUT_ALIAS + "))";
    }

    /** Binary classification metrics at threshold 0.5 over {@code data}, which must hold the label column. */
    static String evaluateClassifier(ModelVersion model, String data) {
        String label = TableName.quote(model.linear().label());
        return "(WITH __scored AS (SELECT CASE WHEN CAST(" + label + " AS VARCHAR) = "
                + string(model.classes().get(1)) + " THEN 1 ELSE 0 END AS y, " + probability(model.linear())
                + " AS p FROM " + data + " AS " + INPUT_ALIAS + " WHERE " + label + " IS NOT NULL),"
                + " __ranked AS (SELECT y, p, (2 * rank() OVER (ORDER BY p) + count(*) OVER (PARTITION BY p) - 1)"
                + " / 2.0 AS r FROM __scored),"
                + " __counts AS (SELECT sum(CASE WHEN y = 1 AND p >= 0.5 THEN 1 ELSE 0 END)::DOUBLE AS tp,"
                + " sum(CASE WHEN y = 0 AND p >= 0.5 THEN 1 ELSE 0 END)::DOUBLE AS fp,"
                + " sum(CASE WHEN y = 0 AND p < 0.5 THEN 1 ELSE 0 END)::DOUBLE AS tn,"
                + " sum(CASE WHEN y = 1 AND p < 0.5 THEN 1 ELSE 0 END)::DOUBLE AS fn,"
                + " -avg(CASE WHEN y = 1 THEN ln(greatest(p, 1e-15)) ELSE ln(greatest(1 - p, 1e-15)) END)"
                + " AS log_loss, sum(y * r) AS rank_sum, sum(y)::DOUBLE AS positives,"
                + " (count(*) - sum(y))::DOUBLE AS negatives FROM __ranked)"
                + " SELECT tp / (tp + fp) AS precision, tp / (tp + fn) AS recall,"
                + " (tp + tn) / (tp + fp + tn + fn) AS accuracy, 2 * tp / (2 * tp + fp + fn) AS f1_score, log_loss,"
                + " (rank_sum - positives * (positives + 1) / 2) / (positives * negatives) AS roc_auc FROM __counts)";
    }

    private static String labelLiteral(ModelVersion model, String value) {
        return model.labelType().isEmpty() ? string(value) : "CAST(" + string(value) + " AS " + model.labelType()
                + ")";
    }

    /** ML.WEIGHTS: processed_input, weight, category_weights; the intercept last as {@code __INTERCEPT__}. */
    static String weights(LinearModel model) {
        String emptyList = "CAST([] AS STRUCT(category VARCHAR, weight DOUBLE)[])";
        List<String> rows = new ArrayList<>();
        for (NumericInput input : model.numeric()) {
            rows.add("(" + string(input.name()) + ", " + literal(input.weight()) + ", " + emptyList + ")");
        }
        for (CategoricalInput input : model.categorical()) {
            String categories = input.categories().stream()
                    .map(c -> "{'category': " + (c.isNull() ? "NULL" : string(c.category())) + ", 'weight': "
                            + literal(c.weight()) + "}")
                    .collect(Collectors.joining(", ", "[", "]"));
            rows.add("(" + string(input.name()) + ", CAST(NULL AS DOUBLE), CAST(" + categories
                    + " AS STRUCT(category VARCHAR, weight DOUBLE)[]))");
        }
        rows.add("('__INTERCEPT__', " + literal(model.intercept()) + ", " + emptyList + ")");
        return "(SELECT * FROM (VALUES " + String.join(", ", rows)
                + ") AS weights(processed_input, weight, category_weights))";
    }

    /** A double literal that reads back exactly and is typed DOUBLE (an exponent makes it so). */
    static String literal(double value) {
        String text = Double.toString(value);
        return text.contains("E") ? text : text + "e0";
    }

    private static String string(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
