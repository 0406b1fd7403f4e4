package org.lisiere.core.ml;

import static org.lisiere.core.ml.LinearModelSql.literal;
import static org.lisiere.core.ml.LinearModelSql.string;

import java.util.List;
import java.util.function.UnaryOperator;
import org.lisiere.core.ml.TreeModel.TreeFeature;

/**
 * Compiles tree models into SQL expressions over the input's columns: each tree a nested CASE, summed in 32-bit
 * floats from the base margin in tree order, so that the engine reproduces XGBoost's predictions exactly (XGBoost
 * compares and accumulates in 32-bit floats too).
 */
final class TreeSql {
    private TreeSql() {}

    /** The raw margin of output {@code group} (the prediction of a regressor; the log-odds of a binary model). */
    static String margin(TreeModel model, TreeEnsemble ensemble, int group, UnaryOperator<String> column) {
        List<String> features = model.features().stream().map(f -> feature(f, column)).toList();
        StringBuilder sql = new StringBuilder("(").append(floatLiteral(ensemble.baseMargins()[group]));
        for (TreeEnsemble.Tree tree : ensemble.trees()) {
            if (tree.group() == group) {
                sql.append(" + ");
                node(tree, 0, features, model.features(), sql);
            }
        }
        return sql.append(')').toString();
    }

    /** The probability of the positive class of a binary model. */
    static String probability(TreeModel model, TreeEnsemble ensemble, UnaryOperator<String> column) {
        return "(1 / (1 + exp(-CAST(" + margin(model, ensemble, 0, column) + " AS DOUBLE))))";
    }

    private static void node(TreeEnsemble.Tree tree, int node, List<String> features, List<TreeFeature> kinds,
            StringBuilder sql) {
        if (tree.isLeaf(node)) {
            sql.append(floatLiteral(tree.value()[node]));
            return;
        }
        int f = tree.feature()[node];
        String x = features.get(f);
        sql.append("CASE");
        if (kinds.get(f).isNumeric()) {
            sql.append(" WHEN ").append(x).append(" IS NULL THEN ");
            node(tree, tree.defaultLeft()[node] ? tree.left()[node] : tree.right()[node], features, kinds, sql);
        }
        sql.append(" WHEN ").append(x).append(" < ").append(floatLiteral(tree.value()[node])).append(" THEN ");
        node(tree, tree.left()[node], features, kinds, sql);
        sql.append(" ELSE ");
        node(tree, tree.right()[node], features, kinds, sql);
        sql.append(" END");
    }

    /** A feature as a 32-bit float expression; NULL for a missing numeric value (NULL or NaN, as XGBoost's NaN). */
    static String feature(TreeFeature feature, UnaryOperator<String> column) {
        String value = column.apply(feature.column());
        if (feature.isNumeric()) {
            return "CAST(nullif(CAST(" + value + " AS DOUBLE), 'NaN'::DOUBLE) AS FLOAT)";
        }
        String test = feature.nullCategory() ? value + " IS NULL"
                : "CAST(" + value + " AS VARCHAR) = " + string(feature.category().orElseThrow());
        return "CAST(CASE WHEN " + test + " THEN 1 ELSE 0 END AS FLOAT)";
    }

    /** A 32-bit float literal: the float's exact value as a DOUBLE literal, cast (exactly) to FLOAT. */
    private static String floatLiteral(float value) {
        return "CAST(" + literal(value) + " AS FLOAT)";
    }
}
