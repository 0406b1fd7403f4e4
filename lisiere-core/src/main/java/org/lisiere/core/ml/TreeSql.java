package org.lisiere.core.ml;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.lisiere.spi.FloatFunction;

/**
 * Compiles tree models into SQL over the input's columns: one FLOAT argument per input column ({@link TreeInputs}),
 * passed to a Java function that the engine calls a batch of rows at a time ({@link TreeEnsemble#margins}), comparing
 * and summing in 32-bit floats as XGBoost does, so that predictions equal XGBoost's. (Each tree as a nested SQL CASE
 * was exact too, but DuckDB needed 80 s for 20 trees of depth 6 over 20,000 rows.)
 */
final class TreeSql {
    private TreeSql() {}

    /**
     * The raw margin of output {@code group} (the prediction of a regressor; the log-odds of a binary model): a call
     * of a Java function registered with the engine, over the trees' features.
     */
    static String margin(TreeModel model, int group, UnaryOperator<String> column, Consumer<FloatFunction> register) {
        TreeEnsemble ensemble = model.ensemble();
        TreeInputs inputs = model.inputs();
        int arity = inputs.columns().size();
        String name = "__lisiere_trees_" + model.id() + "_" + group;
        register.accept(new FloatFunction(name, arity, (rows, count, results) -> ensemble.margins(
                inputs.unpack(rows, count, arity, 0), 0, count, inputs.width(), group, results)));
        return name + "(" + inputs.arguments(column) + ")";
    }

    /** The probability of the positive class of a binary model. */
    static String probability(TreeModel model, UnaryOperator<String> column, Consumer<FloatFunction> register) {
        return "(1 / (1 + exp(-" + margin(model, 0, column, register) + ")))";
    }
}
