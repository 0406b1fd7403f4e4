package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lisiere.core.ml.LinearModel.CategoricalInput;
import org.lisiere.core.ml.LinearModel.CategoryWeight;
import org.lisiere.core.ml.LinearModel.NumericInput;
import org.lisiere.spi.Column;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TypeFamily;

/**
 * The inputs of a linear model and their encoding into a design matrix: numeric inputs standardized with the
 * training mean and standard deviation (NULL becomes the mean), categorical inputs one-hot encoded with the most
 * frequent category as the baseline (weight 0), so that the fitted values are those of full one-hot encoding.
 */
final class Inputs {
    /** Categories seen fewer times than this in training are treated as unseen, as in BigQuery ML. */
    static final int MIN_CATEGORY_FREQUENCY = 5;
    static final int MAX_CATEGORIES = 32_000;

    private final List<FeatureColumn> features;
    private final int width;

    private Inputs(List<FeatureColumn> features) {
        this.features = List.copyOf(features);
        this.width = features.stream().mapToInt(FeatureColumn::width).sum();
    }

    /** The design-matrix width without the intercept. */
    int width() {
        return width;
    }

    /** Writes the encoded inputs of {@code row} into {@code target} from column 0 on. */
    void encode(int row, double[] target) {
        int column = 0;
        for (FeatureColumn feature : features) {
            column = feature.encode(row, target, column);
        }
    }

    static Inputs of(String modelName, TrainingData data, int labelIndex, List<Integer> train) {
        List<FeatureColumn> features = new ArrayList<>();
        for (int c = 0; c < data.schema().size(); c++) {
            if (c == labelIndex) {
                continue;
            }
            Column column = data.schema().column(c);
            TypeFamily family = column.type().family();
            Object[] values = data.columns().get(c);
            if (family.isNumeric()) {
                features.add(NumericColumn.of(column.name(), values, train));
            } else if (family == TypeFamily.STRING || family == TypeFamily.BOOLEAN) {
                features.add(CategoricalColumn.of(column.name(), values, train));
            } else {
                throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "Model '" + modelName + "': column '"
                        + column.name() + "' of type " + column.type() + " is not supported as an input yet;"
                        + " cast it to a number or a string in the query");
            }
        }
        return new Inputs(features);
    }

    /** Names the design column that {@link LeastSquares} found to be collinear. */
    String describeColumn(String message) {
        int index = Integer.parseInt(message.replaceAll("\\D+", " ").strip().split(" ")[0]);
        int column = 0;
        for (FeatureColumn feature : features) {
            if (index < column + feature.width()) {
                return "column '" + feature.name() + "' is a linear combination of the others";
            }
            column += feature.width();
        }
        return "the intercept is a linear combination of the inputs";
    }

    /**
     * The model on the original scale.
     *
     * @param solution weights of the standardized design columns, then the intercept when {@code fitIntercept}
     */
    LinearModel toModel(double[] solution, boolean fitIntercept, String label) {
        double intercept = fitIntercept ? solution[width()] : 0;
        List<NumericInput> numeric = new ArrayList<>();
        List<CategoricalInput> categorical = new ArrayList<>();
        int column = 0;
        for (FeatureColumn feature : features) {
            if (feature instanceof NumericColumn n) {
                double weight = n.stddev() == 0 ? 0 : solution[column] / n.stddev();
                intercept -= weight * n.mean();
                numeric.add(new NumericInput(n.name(), n.mean(), n.stddev(), weight));
            } else if (feature instanceof CategoricalColumn c) {
                List<CategoryWeight> weights = new ArrayList<>();
                weights.add(new CategoryWeight(c.baseline().text(), c.baseline().isNull(), 0));
                for (int k = 0; k < c.encoded().size(); k++) {
                    Category category = c.encoded().get(k);
                    weights.add(new CategoryWeight(category.text(), category.isNull(), solution[column + k]));
                }
                categorical.add(new CategoricalInput(c.name(), weights));
            }
            column += feature.width();
        }
        return new LinearModel(label, intercept, numeric, categorical);
    }

    /** An input column and how it becomes columns of the design matrix. */
    private sealed interface FeatureColumn permits NumericColumn, CategoricalColumn {
        String name();

        int width();

        /** Writes the encoded values of {@code row} from {@code column} on; returns the next free column. */
        int encode(int row, double[] target, int column);
    }

    private record NumericColumn(String name, Object[] values, double mean, double stddev) implements FeatureColumn {
        static NumericColumn of(String name, Object[] values, List<Integer> train) {
            double sum = 0;
            int count = 0;
            for (int row : train) {
                if (values[row] != null) {
                    sum += ((Number) values[row]).doubleValue();
                    count++;
                }
            }
            double mean = count == 0 ? 0 : sum / count;
            double squares = 0;
            for (int row : train) {
                if (values[row] != null) {
                    double d = ((Number) values[row]).doubleValue() - mean;
                    squares += d * d;
                }
            }
            return new NumericColumn(name, values, mean, count > 1 ? Math.sqrt(squares / (count - 1)) : 0);
        }

        @Override
        public int width() {
            return stddev == 0 ? 0 : 1; // a constant input carries no information
        }

        @Override
        public int encode(int row, double[] target, int column) {
            if (stddev == 0) {
                return column;
            }
            target[column] = values[row] == null ? 0 : (((Number) values[row]).doubleValue() - mean) / stddev;
            return column + 1;
        }
    }

    /** A category value; NULL is a category of its own. */
    private record Category(String text, boolean isNull) {
        static Category of(Object value) {
            return value == null ? new Category("", true) : new Category(String.valueOf(value), false);
        }
    }

    private record CategoricalColumn(String name, Object[] values, Category baseline, List<Category> encoded,
            Map<Category, Integer> positions) implements FeatureColumn {
        static CategoricalColumn of(String name, Object[] values, List<Integer> train) {
            Map<Category, Integer> counts = new HashMap<>();
            for (int row : train) {
                counts.merge(Category.of(values[row]), 1, Integer::sum);
            }
            List<Category> kept = counts.entrySet().stream()
                    .filter(e -> e.getValue() >= MIN_CATEGORY_FREQUENCY)
                    .sorted(Map.Entry.<Category, Integer>comparingByValue().reversed()
                            .thenComparing(e -> e.getKey().text()))
                    .limit(MAX_CATEGORIES).map(Map.Entry::getKey).toList();
            Category baseline = kept.isEmpty() ? new Category("", true) : kept.get(0);
            List<Category> encoded = kept.isEmpty() ? List.of() : kept.subList(1, kept.size()).stream()
                    .sorted(Comparator.comparing(Category::isNull).thenComparing(Category::text)).toList();
            Map<Category, Integer> positions = new HashMap<>();
            for (int i = 0; i < encoded.size(); i++) {
                positions.put(encoded.get(i), i);
            }
            return new CategoricalColumn(name, values, baseline, encoded, positions);
        }

        @Override
        public int width() {
            return encoded.size();
        }

        @Override
        public int encode(int row, double[] target, int column) {
            Integer position = positions.get(Category.of(values[row]));
            if (position != null) {
                target[column + position] = 1;
            }
            return column + encoded.size();
        }
    }
}
