package org.lisiere.core.ml;

import static org.lisiere.core.ml.LinearModelSql.INPUT_ALIAS;
import static org.lisiere.core.ml.LinearModelSql.literal;
import static org.lisiere.core.ml.LinearModelSql.string;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.TableName;

/**
 * Compiles the ML functions of classifiers (and ML.PREDICT of linear_reg) into plain SQL. Every classifier query
 * starts from the input with one probability column per class, {@code __lisiere_p1 … __lisiere_pK} in ascending label
 * order: the logistic function of the log-odds for binary models, a softmax of the class scores for multiclass ones.
 */
final class ClassifierSql {
    private ClassifierSql() {}

    /** ML.PREDICT: the predicted label (and for classifiers its probabilities), then the input columns. */
    static String predict(ModelVersion model, String data, double threshold, boolean keepOriginalColumns,
            Consumer<FloatFunction> register) {
        String label = model.label();
        String rest = keepOriginalColumns ? ", " : "";
        if (!model.isClassifier()) {
            return "(SELECT " + ModelSql.regression(model, register) + " AS "
                    + TableName.quote("predicted_" + label) + (keepOriginalColumns ? ", " + INPUT_ALIAS + ".*" : "")
                    + " FROM " + data + " AS " + INPUT_ALIAS + ")";
        }
        int k = model.classes().size();
        String probs = IntStream.range(0, k).map(i -> k - 1 - i)
                .mapToObj(c -> "{'label': " + labelLiteral(model, c) + ", 'prob': " + p(c) + "}")
                .collect(Collectors.joining(", ", "[", "]"));
        return "(SELECT " + predictedLabel(model, threshold) + " AS " + TableName.quote("predicted_" + label) + ", "
                + probs + " AS " + TableName.quote("predicted_" + label + "_probs")
                + (keepOriginalColumns ? ", * EXCLUDE (" + probabilityColumns(k) + ")" : "")
                + " FROM " + scored(model, data, register) + ")";
    }

    /** Classification metrics over {@code data}, which must hold the label column. */
    static String evaluate(ModelVersion model, String data, double threshold, Consumer<FloatFunction> register) {
        return model.classes().size() == 2 ? evaluateBinary(model, data, threshold, register)
                : evaluateMulticlass(model, data, register);
    }

    private static String evaluateBinary(ModelVersion model, String data, double threshold,
            Consumer<FloatFunction> register) {
        String t = literal(threshold);
        return "(WITH __scored AS (SELECT " + classIndex(model) + " = 2 AS positive, __lisiere_p2 AS p FROM "
                + scored(model, data, register) + " WHERE " + model.column(model.label()) + " IS NOT NULL),"
                + " __ranked AS (SELECT positive::INT AS y, p, (2 * rank() OVER (ORDER BY p)"
                + " + count(*) OVER (PARTITION BY p) - 1) / 2.0 AS r FROM __scored),"
                + " __counts AS (SELECT count(*) FILTER (WHERE y = 1 AND p >= " + t + ")::DOUBLE AS tp,"
                + " count(*) FILTER (WHERE y = 0 AND p >= " + t + ")::DOUBLE AS fp,"
                + " count(*) FILTER (WHERE y = 0 AND p < " + t + ")::DOUBLE AS tn,"
                + " count(*) FILTER (WHERE y = 1 AND p < " + t + ")::DOUBLE AS fn,"
                + " -avg(CASE WHEN y = 1 THEN ln(greatest(p, 1e-15)) ELSE ln(greatest(1 - p, 1e-15)) END)"
                + " AS log_loss, sum(y * r) AS rank_sum, sum(y)::DOUBLE AS positives,"
                + " (count(*) - sum(y))::DOUBLE AS negatives FROM __ranked)"
                + " SELECT tp / (tp + fp) AS precision, tp / (tp + fn) AS recall,"
                + " (tp + tn) / (tp + fp + tn + fn) AS accuracy, 2 * tp / (2 * tp + fp + fn) AS f1_score, log_loss,"
                + " (rank_sum - positives * (positives + 1) / 2) / (positives * negatives) AS roc_auc FROM __counts)";
    }

    private static String evaluateMulticlass(ModelVersion model, String data, Consumer<FloatFunction> register) {
        int k = model.classes().size();
        String list = IntStream.rangeClosed(1, k).mapToObj(c -> "__lisiere_p" + c)
                .collect(Collectors.joining(", ", "[", "]"));
        return "(WITH __scored AS MATERIALIZED (SELECT " + classIndex(model) + " AS y, " + argMax(k) + " AS yhat, "
                + list
                + " AS p FROM " + scored(model, data, register) + " WHERE " + model.column(model.label())
                + " IS NOT NULL),"
                + " __long AS (SELECT y, yhat, unnest(range(1, " + (k + 1) + ")) AS k, unnest(p) AS p FROM __scored),"
                + " __ranked AS (SELECT k, (y = k)::INT AS pos, (yhat = k)::INT AS pred, (2 * rank() OVER"
                + " (PARTITION BY k ORDER BY p) + count(*) OVER (PARTITION BY k, p) - 1) / 2.0 AS r FROM __long),"
                + " __class AS (SELECT k, sum(pos * pred)::DOUBLE AS tp, sum((1 - pos) * pred)::DOUBLE AS fp,"
                + " sum(pos * (1 - pred))::DOUBLE AS fn, sum(pos * r) AS rank_sum, sum(pos)::DOUBLE AS positives,"
                + " (count(*) - sum(pos))::DOUBLE AS negatives FROM __ranked GROUP BY k),"
                + " __metrics AS (SELECT CASE WHEN tp + fp = 0 THEN 0 ELSE tp / (tp + fp) END AS prec,"
                + " CASE WHEN tp + fn = 0 THEN 0 ELSE tp / (tp + fn) END AS rec,"
                + " CASE WHEN positives > 0 AND negatives > 0 THEN (rank_sum - positives * (positives + 1) / 2)"
                + " / (positives * negatives) END AS auc FROM __class)"
                + " SELECT avg(prec) AS precision, avg(rec) AS recall,"
                + " (SELECT avg((y = yhat)::INT) FROM __scored) AS accuracy,"
                + " avg(CASE WHEN prec + rec = 0 THEN 0 ELSE 2 * prec * rec / (prec + rec) END) AS f1_score,"
                + " (SELECT -avg(ln(greatest(least(p[y], 1 - 1e-15), 1e-15))) FROM __scored) AS log_loss,"
                + " avg(auc) AS roc_auc FROM __metrics)";
    }

    /** ML.CONFUSION_MATRIX: one row per expected label, one count column per predicted label. */
    static String confusionMatrix(ModelVersion model, String data, double threshold,
            Consumer<FloatFunction> register) {
        int k = model.classes().size();
        List<String> names = columnNames(model.classes());
        String counts = IntStream.range(0, k).mapToObj(c -> "count(*) FILTER (WHERE __lisiere_predicted = " + (c + 1)
                + ") AS " + TableName.quote(names.get(c))).collect(Collectors.joining(", "));
        String predicted = predictedIndex(k, threshold);
        String label = model.column(model.label());
        return "(SELECT " + label + " AS expected_label, " + counts + " FROM (SELECT " + label + ", " + predicted
                + " AS __lisiere_predicted FROM " + scored(model, data, register) + " WHERE " + label + " IS NOT NULL)"
                + " GROUP BY " + label + " ORDER BY " + label + ")";
    }

    /**
     * ML.ROC_CURVE of a binary classifier at the given thresholds, or at the percentiles of the predicted
     * probabilities (0 to 100 in steps of 1, distinct values).
     */
    static String rocCurve(ModelVersion model, String data, Optional<List<Double>> thresholds,
            Consumer<FloatFunction> register) {
        String percentiles = IntStream.rangeClosed(0, 100).mapToObj(q -> literal(q / 100.0))
                .collect(Collectors.joining(", ", "[", "]"));
        String chosen = thresholds.map(list -> "SELECT unnest(" + list.stream().map(LinearModelSql::literal)
                .collect(Collectors.joining(", ", "[", "]")) + ") AS threshold")
                .orElse("SELECT DISTINCT unnest(quantile_disc(p, " + percentiles + ")) AS threshold FROM __scored");
        return "(WITH __scored AS (SELECT (" + classIndex(model) + " = 2)::INT AS y, __lisiere_p2 AS p FROM "
                + scored(model, data, register) + " WHERE " + model.column(model.label()) + " IS NOT NULL),"
                + " __thresholds AS (" + chosen + "),"
                + " __counts AS (SELECT t.threshold, count(*) FILTER (WHERE y = 1 AND p >= t.threshold) AS tp,"
                + " count(*) FILTER (WHERE y = 0 AND p >= t.threshold) AS fp,"
                + " count(*) FILTER (WHERE y = 0 AND p < t.threshold) AS tn,"
                + " count(*) FILTER (WHERE y = 1 AND p < t.threshold) AS fn"
                + " FROM __thresholds t CROSS JOIN __scored GROUP BY t.threshold)"
                + " SELECT threshold, tp::DOUBLE / nullif(tp + fn, 0) AS recall,"
                + " fp::DOUBLE / nullif(fp + tn, 0) AS false_positive_rate, tp AS true_positives,"
                + " fp AS false_positives, tn AS true_negatives, fn AS false_negatives FROM __counts"
                + " ORDER BY threshold)";
    }

    /** The input with the class probabilities prepended as {@code __lisiere_p1 … __lisiere_pK}. */
    static String scored(ModelVersion model, String data, Consumer<FloatFunction> register) {
        if (model.classes().size() == 2) {
            return "(SELECT 1 - __lisiere_p2 AS __lisiere_p1, * FROM (SELECT "
                    + ModelSql.positiveProbability(model, register) + " AS __lisiere_p2, "
                    + INPUT_ALIAS
                    + ".* FROM " + data + " AS " + INPUT_ALIAS + "))";
        }
        int k = model.classes().size();
        List<String> scores = new ArrayList<>();
        List<String> classScores = ModelSql.classScores(model, register);
        for (int c = 0; c < k; c++) {
            scores.add("CAST(" + classScores.get(c) + " AS DOUBLE) AS __lisiere_s" + (c + 1));
        }
        String all = IntStream.rangeClosed(1, k).mapToObj(c -> "__lisiere_s" + c).collect(Collectors.joining(", "));
        String exps = IntStream.rangeClosed(1, k).mapToObj(c -> "exp(__lisiere_s" + c + " - greatest(" + all
                + ")) AS __lisiere_e" + c).collect(Collectors.joining(", "));
        String sum = IntStream.rangeClosed(1, k).mapToObj(c -> "__lisiere_e" + c).collect(Collectors.joining(" + "));
        String probabilities = IntStream.rangeClosed(1, k).mapToObj(c -> "__lisiere_e" + c + " / (" + sum + ") AS "
                + p(c - 1)).collect(Collectors.joining(", "));
        return "(SELECT " + probabilities + ", * EXCLUDE (" + sum.replace(" + ", ", ") + ") FROM (SELECT " + exps
                + ", * EXCLUDE (" + all + ") FROM (SELECT " + String.join(", ", scores) + ", " + INPUT_ALIAS
                + ".* FROM " + data + " AS " + INPUT_ALIAS + ")))";
    }

    static String predictedLabel(ModelVersion model, double threshold) {
        if (model.classes().size() == 2) {
            return "CASE WHEN __lisiere_p2 >= " + literal(threshold) + " THEN " + labelLiteral(model, 1) + " ELSE "
                    + labelLiteral(model, 0) + " END";
        }
        int k = model.classes().size();
        return "[" + IntStream.range(0, k).mapToObj(c -> labelLiteral(model, c)).collect(Collectors.joining(", "))
                + "][" + argMax(k) + "]";
    }

    /** The 1-based index of the predicted class: by the threshold for a binary model, else the most probable. */
    static String predictedIndex(int k, double threshold) {
        return k == 2 ? "CASE WHEN __lisiere_p2 >= " + literal(threshold) + " THEN 2 ELSE 1 END" : argMax(k);
    }

    /** The 1-based index of the most probable class (the first on ties). */
    private static String argMax(int k) {
        String all = IntStream.rangeClosed(1, k).mapToObj(c -> "__lisiere_p" + c).collect(Collectors.joining(", "));
        return "list_position([" + all + "], greatest(" + all + "))";
    }

    /** The 1-based class index of the label column, NULL for a label the model does not know. */
    private static String classIndex(ModelVersion model) {
        StringBuilder sql = new StringBuilder("CASE CAST(" + model.column(model.label()) + " AS VARCHAR)");
        for (int c = 0; c < model.classes().size(); c++) {
            sql.append(" WHEN ").append(string(model.classes().get(c))).append(" THEN ").append(c + 1);
        }
        return sql.append(" END").toString();
    }

    private static String p(int classIndex) {
        return "__lisiere_p" + (classIndex + 1);
    }

    private static String probabilityColumns(int k) {
        return IntStream.rangeClosed(1, k).mapToObj(c -> "__lisiere_p" + c).collect(Collectors.joining(", "));
    }

    private static String labelLiteral(ModelVersion model, int classIndex) {
        String value = string(model.classes().get(classIndex));
        return model.labelType().isEmpty() ? value : "CAST(" + value + " AS " + model.labelType() + ")";
    }

    /** Labels as column names, as BigQuery ML: kept when a valid identifier, else prefixed and cleaned; unique. */
    static List<String> columnNames(List<String> labels) {
        Set<String> used = new HashSet<>(Set.of("expected_label"));
        List<String> names = new ArrayList<>();
        for (String label : labels) {
            String name = label.matches("[A-Za-z_][A-Za-z0-9_]*") ? label
                    : "_" + label.replaceAll("[^A-Za-z0-9_]", "_");
            String unique = name;
            for (int n = 2; !used.add(unique.toLowerCase(java.util.Locale.ROOT)); n++) {
                unique = name + "_" + n;
            }
            names.add(unique);
        }
        return names;
    }
}
