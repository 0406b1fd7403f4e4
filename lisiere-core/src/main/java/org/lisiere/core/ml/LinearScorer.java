package org.lisiere.core.ml;

import org.lisiere.core.ml.LinearModel.CategoricalInput;
import org.lisiere.core.ml.LinearModel.CategoryWeight;
import org.lisiere.core.ml.LinearModel.NumericInput;
import org.lisiere.spi.Schema;

/** Scores one row of training data with a linear model, exactly as the generated SQL does. */
final class LinearScorer {
    private LinearScorer() {}

    static double score(LinearModel model, TrainingData data, int row) {
        Schema schema = data.schema();
        double sum = model.intercept();
        for (NumericInput input : model.numeric()) {
            Object value = data.columns().get(index(schema, input.name()))[row];
            sum += input.weight() * (value == null ? input.mean() : ((Number) value).doubleValue());
        }
        for (CategoricalInput input : model.categorical()) {
            Object value = data.columns().get(index(schema, input.name()))[row];
            for (CategoryWeight category : input.categories()) {
                if (value == null ? category.isNull() : !category.isNull()
                        && category.category().equals(String.valueOf(value))) {
                    sum += category.weight();
                }
            }
        }
        return sum;
    }

    private static int index(Schema schema, String name) {
        for (int c = 0; c < schema.size(); c++) {
            if (schema.column(c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }
}
