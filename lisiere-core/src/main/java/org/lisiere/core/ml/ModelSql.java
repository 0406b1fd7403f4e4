package org.lisiere.core.ml;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.lisiere.spi.FloatFunction;

/**
 * The scoring expressions of a supervised model over the input's columns, whatever its kind (linear or trees); tree
 * models register the Java functions their expressions call with {@code register}.
 */
final class ModelSql {
    private ModelSql() {}

    /** The prediction of a regression model. */
    static String regression(ModelVersion model, Consumer<FloatFunction> register) {
        if (model.trees().isPresent()) {
            return TreeSql.margin(model.trees().get(), 0, model.columns(), register);
        }
        return LinearModelSql.prediction(model.linear().orElseThrow(), model.columns());
    }

    /** The probability of the positive (greater) class of a binary classifier. */
    static String positiveProbability(ModelVersion model, Consumer<FloatFunction> register) {
        if (model.trees().isPresent()) {
            return TreeSql.probability(model.trees().get(), model.columns(), register);
        }
        return LinearModelSql.probability(model.linear().orElseThrow(), model.columns());
    }

    /** One score per class of a multiclass classifier, in class order; probabilities are their softmax. */
    static List<String> classScores(ModelVersion model, Consumer<FloatFunction> register) {
        if (model.trees().isPresent()) {
            TreeModel trees = model.trees().get();
            return IntStream.range(0, trees.ensemble().groups())
                    .mapToObj(g -> TreeSql.margin(trees, g, model.columns(), register)).toList();
        }
        return model.classModels().stream().map(m -> LinearModelSql.prediction(m, model.columns())).toList();
    }
}
