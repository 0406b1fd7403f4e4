package org.lisiere.core.ml;

import java.util.List;
import org.lisiere.core.ml.LinearModel.CategoricalInput;
import org.lisiere.core.ml.LinearModel.CategoryWeight;
import org.lisiere.core.ml.LinearModel.NumericInput;
import org.lisiere.spi.Schema;

/** Scores rows of training data with a linear model, exactly as the generated SQL does. */
final class LinearScorer {
    private final LinearModel model;
    private final List<TrainingData.Column> numericColumns;
    private final List<TrainingData.Column> categoricalColumns;

    private LinearScorer(LinearModel model, TrainingData data) {
        this.model = model;
        Schema schema = data.schema();
        this.numericColumns = model.numeric().stream()
                .map(input -> data.column(index(schema, input.name()))).toList();
        this.categoricalColumns = model.categorical().stream()
                .map(input -> data.column(index(schema, input.name()))).toList();
    }

    static LinearScorer of(LinearModel model, TrainingData data) {
        return new LinearScorer(model, data);
    }

    double score(int row) {
        double sum = model.intercept();
        for (int i = 0; i < numericColumns.size(); i++) {
            NumericInput input = model.numeric().get(i);
            TrainingData.Column column = numericColumns.get(i);
            sum += input.weight() * (column.isNull(row) ? input.mean() : column.number(row));
        }
        for (int i = 0; i < categoricalColumns.size(); i++) {
            CategoricalInput input = model.categorical().get(i);
            Object value = categoricalColumns.get(i).value(row);
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
