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

    /** How categorical inputs become design columns. */
    enum Encoding {
        /** One column per kept category except the most frequent (the baseline): a full-rank design. */
        DROP_MOST_FREQUENT,
        /** One column per kept category, as k-means needs. */
        ALL_CATEGORIES
    }

    /** How numeric inputs enter the design matrix. */
    enum Scaling {
        /** Scaled to mean 0 and standard deviation 1 of the training rows; constant inputs dropped. */
        STANDARDIZE,
        /** As they are (NULL replaced by the mean); constant inputs dropped. */
        RAW,
        /**
         * As they are, without their mean and standard deviation (which cost a pass over every value): for models that
         * read the values themselves and use no design matrix (trees).
         */
        UNMEASURED
    }

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

    /** Every input in design order. */
    List<FeatureColumn> features() {
        return features;
    }

    /** Numeric inputs in design order. */
    List<NumericColumn> numeric() {
        return features.stream().filter(NumericColumn.class::isInstance).map(NumericColumn.class::cast).toList();
    }

    /** Categorical inputs in design order. */
    List<CategoricalColumn> categorical() {
        return features.stream().filter(CategoricalColumn.class::isInstance).map(CategoricalColumn.class::cast)
                .toList();
    }

    /** The design column indices with every numeric input's column before every categorical one's. */
    int[] numericFirst() {
        List<Integer> numericColumns = new ArrayList<>();
        List<Integer> categoricalColumns = new ArrayList<>();
        int column = 0;
        for (FeatureColumn feature : features) {
            for (int j = 0; j < feature.width(); j++) {
                (feature instanceof NumericColumn ? numericColumns : categoricalColumns).add(column + j);
            }
            column += feature.width();
        }
        numericColumns.addAll(categoricalColumns);
        return numericColumns.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The names of the design columns: numeric inputs by name, categories as {@code input=category}. */
    List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (FeatureColumn feature : features) {
            if (feature instanceof NumericColumn n && n.width() == 1) {
                names.add(n.name());
            } else if (feature instanceof CategoricalColumn c) {
                c.encoded().forEach(category -> names.add(c.name() + "=" + category.text()));
            }
        }
        return names;
    }

    /**
     * The encoded rows as a column-major matrix ({@code [column][row]}), with a last column of ones when
     * {@code intercept}.
     */
    double[][] columnMajor(Rows rows, boolean intercept) {
        return columnMajor(rows, intercept, 0);
    }

    /** As {@link #columnMajor(Rows, boolean)}, with {@code extraRows} rows of zeros appended (for ridge rows). */
    double[][] columnMajor(Rows rows, boolean intercept, int extraRows) {
        double[][] columns = new double[width + (intercept ? 1 : 0)][rows.size() + extraRows];
        int[] indices = rows.toArray();
        int[] firstColumn = new int[features.size()];
        for (int f = 1; f < features.size(); f++) {
            firstColumn[f] = firstColumn[f - 1] + features.get(f - 1).width();
        }
        // Each feature writes its own columns: one per core.
        java.util.stream.IntStream.range(0, features.size()).parallel()
                .forEach(f -> features.get(f).encodeColumns(indices, columns, firstColumn[f]));
        if (intercept) {
            java.util.Arrays.fill(columns[width], 0, rows.size(), 1);
        }
        return columns;
    }

    /**
     * @param excluded column indices that are not inputs (label, split column)
     */
    static Inputs of(String modelName, TrainingData data, java.util.Set<Integer> excluded, Rows train,
            Encoding encoding, Scaling scaling) {
        int[] rows = train.toArray();
        List<Integer> inputs = new ArrayList<>();
        for (int c = 0; c < data.schema().size(); c++) {
            Column column = data.schema().column(c);
            TypeFamily family = column.type().family();
            if (excluded.contains(c)) {
                continue;
            }
            if (!family.isNumeric() && family != TypeFamily.STRING && family != TypeFamily.BOOLEAN) {
                throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "Model '" + modelName + "': column '"
                        + column.name() + "' of type " + column.type() + " is not supported as an input yet;"
                        + " cast it to a number or a string in the query");
            }
            inputs.add(c);
        }
        // Columns are independent: one per core, in column order.
        List<FeatureColumn> features = inputs.parallelStream().map(c -> {
            Column column = data.schema().column(c);
            return column.type().family().isNumeric()
                    ? (FeatureColumn) NumericColumn.of(column.name(), data.column(c), rows, scaling)
                    : CategoricalColumn.of(column.name(), data.column(c), rows, encoding);
        }).toList();
        return new Inputs(features);
    }

    /**
     * The model on the original scale.
     *
     * @param solution weights of the standardized design columns, then the intercept when {@code fitIntercept}
     */
    LinearModel toModel(double[] solution, boolean fitIntercept, String label) {
        return toModel(solution, fitIntercept, label, java.util.Optional.empty());
    }

    /**
     * As {@link #toModel(double[], boolean, String)}, with standard errors from the covariance of the standardized
     * solution: the original-scale weights are a linear map T of the solution, so their covariance is T C Tᵀ.
     */
    LinearModel toModel(double[] solution, boolean fitIntercept, String label,
            java.util.Optional<Inference> inference) {
        double[][] map = inference.isPresent() ? originalScaleMap(solution.length, fitIntercept) : null;
        java.util.function.IntFunction<java.util.OptionalDouble> error = row -> inference
                .map(c -> java.util.OptionalDouble.of(Double.isNaN(c.covariance()[row][row]) ? Double.NaN
                        : Math.sqrt(quadratic(map[row], c.covariance()))))
                .orElse(java.util.OptionalDouble.empty());
        java.util.function.IntFunction<java.util.OptionalDouble> pValue = row -> inference
                .map(c -> java.util.OptionalDouble.of(Double.isNaN(c.covariance()[row][row]) ? Double.NaN
                        : c.pValue().applyAsDouble(Math.abs(Lbfgs.dot(map[row], solution))
                                / Math.sqrt(quadratic(map[row], c.covariance())))))
                .orElse(java.util.OptionalDouble.empty());
        double intercept = fitIntercept ? solution[width()] : 0;
        List<NumericInput> numeric = new ArrayList<>();
        List<CategoricalInput> categorical = new ArrayList<>();
        int column = 0;
        for (FeatureColumn feature : features) {
            if (feature instanceof NumericColumn n) {
                double weight = n.stddev() == 0 ? 0 : solution[column] / n.stddev();
                intercept -= weight * n.mean();
                boolean constant = n.width() == 0;
                numeric.add(new NumericInput(n.name(), n.mean(), n.stddev(), weight,
                        constant ? java.util.OptionalDouble.empty() : error.apply(column),
                        constant ? java.util.OptionalDouble.empty() : pValue.apply(column)));
            } else if (feature instanceof CategoricalColumn c) {
                List<CategoryWeight> weights = new ArrayList<>();
                weights.add(new CategoryWeight(c.baseline().text(), c.baseline().isNull(), 0));
                for (int k = 0; k < c.encoded().size(); k++) {
                    Category category = c.encoded().get(k);
                    weights.add(new CategoryWeight(category.text(), category.isNull(), solution[column + k],
                            error.apply(column + k), pValue.apply(column + k)));
                }
                categorical.add(new CategoricalInput(c.name(), weights));
            }
            column += feature.width();
        }
        return new LinearModel(label, intercept, numeric, categorical,
                fitIntercept ? error.apply(width()) : java.util.OptionalDouble.empty(),
                fitIntercept ? pValue.apply(width()) : java.util.OptionalDouble.empty());
    }

    /**
     * What standard errors and p-values derive from: the covariance of the standardized solution, and the two-sided
     * p-value of a |coefficient / standard error| statistic (Student's t for linear_reg, normal for logistic_reg).
     */
    record Inference(double[][] covariance, java.util.function.DoubleUnaryOperator pValue) {}

    /** Row j: the original-scale coefficient j as a combination of the standardized solution. */
    private double[][] originalScaleMap(int size, boolean fitIntercept) {
        double[][] map = new double[size][size];
        for (int j = 0; j < size; j++) {
            map[j][j] = 1;
        }
        int column = 0;
        for (FeatureColumn feature : features) {
            if (feature instanceof NumericColumn n && n.width() == 1) {
                map[column][column] = 1 / n.stddev();
                if (fitIntercept) {
                    map[width][column] = -n.mean() / n.stddev();
                }
            }
            column += feature.width();
        }
        return map;
    }

    private static double quadratic(double[] v, double[][] matrix) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                continue;
            }
            for (int j = 0; j < v.length; j++) {
                if (v[j] != 0 && !Double.isNaN(matrix[i][j])) { // a dropped (collinear) column weighs nothing
                    sum += v[i] * matrix[i][j] * v[j];
                }
            }
        }
        return sum;
    }

    /** An input column and how it becomes columns of the design matrix. */
    sealed interface FeatureColumn permits NumericColumn, CategoricalColumn {
        String name();

        int width();

        /** Writes the encoded values of {@code rows} into design columns {@code column, column + 1, …}. */
        void encodeColumns(int[] rows, double[][] columns, int column);
    }

    /** A numeric input: NULL becomes the training mean, then {@code (x - center) / scale}. */
    record NumericColumn(String name, TrainingData.Column values, double mean, double stddev, boolean standardize)
            implements FeatureColumn {
        static NumericColumn of(String name, TrainingData.Column values, int[] train, Scaling scaling) {
            boolean standardize = scaling == Scaling.STANDARDIZE;
            if (scaling == Scaling.UNMEASURED) {
                return new NumericColumn(name, values, 0, 1, false);
            }
            if (values instanceof TrainingData.Numbers numbers) {
                return of(name, values, numbers.values(), numbers.nulls(), train, standardize);
            }
            double[] raw = new double[values instanceof TrainingData.Values boxed ? boxed.values().length : 0];
            boolean[] nulls = new boolean[raw.length];
            for (int row : train) {
                nulls[row] = values.isNull(row);
                raw[row] = nulls[row] ? 0 : values.number(row);
            }
            return of(name, values, raw, nulls, train, standardize);
        }

        /** The mean and standard deviation of the training rows' values, read straight from the arrays. */
        private static NumericColumn of(String name, TrainingData.Column values, double[] raw, boolean[] nulls,
                int[] train, boolean standardize) {
            int count = 0;
            for (int row : train) {
                count += nulls[row] ? 0 : 1;
            }
            double mean = count == 0 ? 0 : Sums.ofRows(raw, nulls, train) / count;
            double squares = Sums.ofSquaresOfRows(raw, nulls, train, mean);
            return new NumericColumn(name, values, mean, count > 1 ? Math.sqrt(squares / (count - 1)) : 0,
                    standardize);
        }

        double center() {
            return standardize ? mean : 0;
        }

        double scale() {
            return standardize ? stddev : 1;
        }

        @Override
        public int width() {
            return stddev == 0 ? 0 : 1; // a constant input carries no information
        }

        @Override
        public void encodeColumns(int[] rows, double[][] columns, int column) {
            if (stddev == 0) {
                return;
            }
            double[] target = columns[column];
            double center = center();
            double scale = scale();
            if (values instanceof TrainingData.Numbers numbers) {
                double[] raw = numbers.values();
                boolean[] nulls = numbers.nulls();
                for (int i = 0; i < rows.length; i++) {
                    int row = rows[i];
                    target[i] = ((nulls[row] ? mean : raw[row]) - center) / scale;
                }
                return;
            }
            for (int i = 0; i < rows.length; i++) {
                target[i] = ((values.isNull(rows[i]) ? mean : values.number(rows[i])) - center) / scale;
            }
        }
    }

    /** A category value; NULL is a category of its own. */
    record Category(String text, boolean isNull) {
        static Category of(Object value) {
            return value == null ? new Category("", true) : new Category(String.valueOf(value), false);
        }
    }

    /** A one-hot encoded input; {@code encoded} are the categories with a design column, in column order. */
    record CategoricalColumn(String name, TrainingData.Column values, Category baseline, List<Category> encoded,
            Map<Category, Integer> positions) implements FeatureColumn {
        static CategoricalColumn of(String name, TrainingData.Column values, int[] train, Encoding encoding) {
            Map<Category, Integer> counts = new HashMap<>();
            for (int row : train) {
                counts.merge(Category.of(values.value(row)), 1, Integer::sum);
            }
            List<Category> kept = counts.entrySet().stream()
                    .filter(e -> e.getValue() >= MIN_CATEGORY_FREQUENCY)
                    .sorted(Map.Entry.<Category, Integer>comparingByValue().reversed()
                            .thenComparing(e -> e.getKey().text()))
                    .limit(MAX_CATEGORIES).map(Map.Entry::getKey).toList();
            Category baseline = kept.isEmpty() ? new Category("", true) : kept.get(0);
            int first = encoding == Encoding.ALL_CATEGORIES ? 0 : 1;
            List<Category> encoded = kept.size() <= first ? List.of() : kept.subList(first, kept.size()).stream()
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
        public void encodeColumns(int[] rows, double[][] columns, int column) {
            for (int i = 0; i < rows.length; i++) {
                Integer position = positions.get(Category.of(values.value(rows[i])));
                if (position != null) {
                    columns[column + position][i] = 1;
                }
            }
        }
    }
}
