package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.lisiere.spi.FloatFunction;
import org.lisiere.core.ml.LinearModel.CategoricalInput;
import org.lisiere.core.ml.LinearModel.CategoryWeight;
import org.lisiere.core.ml.LinearModel.NumericInput;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TableName;

/**
 * Compiles a linear model into plain SQL, so that ML.PREDICT runs at the engine's own vectorized speed: a sum of
 * weighted inputs with the training mean for NULL, and a CASE per categorical input.
 */
final class LinearModelSql {
    static final String INPUT_ALIAS = "__lisiere_input";

    private LinearModelSql() {}

    /** The prediction as a SQL expression over the input's columns. */
    static String prediction(LinearModel model, UnaryOperator<String> column) {
        StringBuilder sql = new StringBuilder("(").append(literal(model.intercept()));
        for (NumericInput input : model.numeric()) {
            if (input.weight() != 0) {
                sql.append(" + ").append(literal(input.weight())).append(" * coalesce(CAST(")
                        .append(column.apply(input.name())).append(" AS DOUBLE), ").append(literal(input.mean()))
                        .append(')');
            }
        }
        for (CategoricalInput input : model.categorical()) {
            sql.append(" + ").append(categoryWeight(input, column));
        }
        return sql.append(')').toString();
    }

    /** The weight of the row's category of a categorical input (0 for a category the model has not seen). */
    static String categoryWeight(CategoricalInput input, UnaryOperator<String> column) {
        String value = column.apply(input.name());
        StringBuilder sql = new StringBuilder("CASE");
        for (CategoryWeight category : input.categories()) {
            sql.append(category.isNull() ? " WHEN " + value + " IS NULL"
                    : " WHEN CAST(" + value + " AS VARCHAR) = " + string(category.category()));
            sql.append(" THEN ").append(literal(category.weight()));
        }
        return sql.append(" ELSE 0e0 END").toString();
    }

    /** Regression metrics over {@code data}, which must hold the label column. */
    static String evaluate(ModelVersion model, String data, Consumer<FloatFunction> register) {
        String label = model.column(model.label());
        return "(SELECT avg(abs(y - p)) AS mean_absolute_error, avg((y - p) * (y - p)) AS mean_squared_error,"
                + " CASE WHEN min(y) > -1 AND min(p) > -1 THEN avg(power(ln(1 + y) - ln(1 + p), 2)) END"
                + " AS mean_squared_log_error, median(abs(y - p)) AS median_absolute_error,"
                + " 1 - avg((y - p) * (y - p)) / var_pop(y) AS r2_score,"
                + " 1 - var_pop(y - p) / var_pop(y) AS explained_variance"
                + " FROM (SELECT CAST(" + label + " AS DOUBLE) AS y, CAST(" + ModelSql.regression(model, register)
                + " AS DOUBLE) AS p FROM " + data + " AS " + INPUT_ALIAS + " WHERE " + label + " IS NOT NULL))";
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
    static String probability(LinearModel model, UnaryOperator<String> column) {
        return "(1 / (1 + exp(-greatest(least(" + prediction(model, column) + ", 700e0), -700e0))))";
    }

    /**
     * ML.WEIGHTS: processed_input, weight, category_weights, the intercept last as {@code __INTERCEPT__};
     * multiclass models add class_label, one block of rows per class. With {@code standardize}, the weights of the
     * standardized numeric inputs.
     */
    static String weights(ModelVersion model, boolean standardize) {
        boolean multiclass = !model.classModels().isEmpty();
        List<String> rows = new ArrayList<>();
        List<LinearModel> models = multiclass ? model.classModels() : List.of(model.linear().orElseThrow());
        for (int c = 0; c < models.size(); c++) {
            String classLabel = multiclass ? ", " + string(model.classes().get(c)) : "";
            LinearModel linear = models.get(c);
            String emptyList = "CAST([] AS STRUCT(category VARCHAR, weight DOUBLE)[])";
            for (NumericInput input : linear.numeric()) {
                rows.add("(" + string(input.name()) + ", " + literal(numericWeight(input, standardize)) + ", "
                        + emptyList + classLabel + ")");
            }
            for (CategoricalInput input : linear.categorical()) {
                String categories = input.categories().stream()
                        .map(w -> "{'category': " + (w.isNull() ? "NULL" : string(w.category())) + ", 'weight': "
                                + literal(w.weight()) + "}")
                        .collect(Collectors.joining(", ", "[", "]"));
                rows.add("(" + string(input.name()) + ", CAST(NULL AS DOUBLE), CAST(" + categories
                        + " AS STRUCT(category VARCHAR, weight DOUBLE)[])" + classLabel + ")");
            }
            rows.add("('__INTERCEPT__', " + literal(intercept(linear, standardize)) + ", " + emptyList + classLabel
                    + ")");
        }
        return "(SELECT * FROM (VALUES " + String.join(", ", rows) + ") AS weights(processed_input, weight,"
                + " category_weights" + (multiclass ? ", class_label" : "") + "))";
    }

    /**
     * ML.ADVANCED_WEIGHTS: processed_input, category (one row per category), weight, standard_error, p_value; needs
     * a model trained with calculate_p_values. The baseline category (weight 0) has no standard error.
     */
    static String advancedWeights(ModelVersion model, boolean standardize) {
        LinearModel linear = model.linear().filter(l -> l.interceptStandardError().isPresent()
                || l.numeric().stream().anyMatch(n -> n.standardError().isPresent()))
                .orElseThrow(() -> new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML.ADVANCED_WEIGHTS needs a"
                        + " model trained with OPTIONS (calculate_p_values = true); model '" + model.name()
                        + "' was not"));
        List<String> rows = new ArrayList<>();
        for (NumericInput input : linear.numeric()) {
            double scale = standardize ? input.stddev() : 1;
            rows.add("(" + string(input.name()) + ", CAST(NULL AS VARCHAR), " + literal(input.weight() * scale) + ", "
                    + optional(input.standardError(), scale) + ", " + optional(input.pValue(), 1) + ")");
        }
        for (CategoricalInput input : linear.categorical()) {
            for (CategoryWeight w : input.categories()) {
                rows.add("(" + string(input.name()) + ", " + (w.isNull() ? "NULL" : string(w.category())) + ", "
                        + literal(w.weight()) + ", " + optionalOrNan(w.standardError()) + ", "
                        + optionalOrNan(w.pValue()) + ")");
            }
        }
        rows.add("('__INTERCEPT__', NULL, " + literal(intercept(linear, standardize)) + ", "
                + (standardize ? "NULL" : optional(linear.interceptStandardError(), 1)) + ", "
                + (standardize ? "NULL" : optional(linear.interceptPValue(), 1)) + ")");
        return "(SELECT processed_input, category, weight::DOUBLE AS weight, standard_error::DOUBLE AS standard_error,"
                + " p_value::DOUBLE AS p_value FROM (VALUES " + String.join(", ", rows)
                + ") AS weights(processed_input, category, weight, standard_error, p_value))";
    }

    private static double numericWeight(NumericInput input, boolean standardize) {
        return standardize ? input.weight() * input.stddev() : input.weight();
    }

    /** The intercept; standardized, the prediction at the mean of every numeric input. */
    private static double intercept(LinearModel model, boolean standardize) {
        double intercept = model.intercept();
        if (standardize) {
            for (NumericInput input : model.numeric()) {
                intercept += input.weight() * input.mean();
            }
        }
        return intercept;
    }

    private static String optional(java.util.OptionalDouble value, double scale) {
        return value.isPresent() ? literal(value.getAsDouble() * scale) : "CAST(NULL AS DOUBLE)";
    }

    private static String optionalOrNan(java.util.OptionalDouble value) {
        return value.isPresent() ? literal(value.getAsDouble()) : "'NaN'::DOUBLE";
    }

    /** A double literal that reads back exactly and is typed DOUBLE (an exponent makes it so). */
    static String literal(double value) {
        if (!Double.isFinite(value)) {
            return "'" + value + "'::DOUBLE";
        }
        String text = Double.toString(value);
        return text.contains("E") ? text : text + "e0";
    }

    static String string(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
