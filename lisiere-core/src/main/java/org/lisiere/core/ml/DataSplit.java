package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.SplittableRandom;
import org.lisiere.core.ml.OptionReader.SplitOptions;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TypeFamily;

/** BigQuery ML's data split methods: which rows train and which evaluate. */
final class DataSplit {
    /** Below this many rows, auto_split trains on everything. */
    static final int AUTO_SPLIT_MIN_ROWS = 500;
    /** Up to this many rows, auto_split holds out 20%; above, a fixed 10,000 rows. */
    static final int AUTO_SPLIT_FRACTION_ROWS = 50_000;
    static final int AUTO_SPLIT_LARGE_EVAL_ROWS = 10_000;

    private DataSplit() {}

    record Split(Rows train, Rows evaluation) {
        Split {
            requireNonNull(train, "train is null");
            requireNonNull(evaluation, "evaluation is null");
        }
    }

    /**
     * Splits the usable rows of {@code data} as the options say; {@code custom} and {@code seq} read the split
     * column: custom evaluates rows where it is TRUE or NULL, seq sorts by it and evaluates the last fraction.
     */
    static Split split(String modelName, TrainingData data, Rows rows, SplitOptions options) {
        if (options.method().equals("custom") || options.method().equals("seq")) {
            int column = splitColumn(modelName, data, options);
            TrainingData.Column values = data.column(column);
            if (options.method().equals("custom")) {
                return partition(rows, i -> !Boolean.FALSE.equals(values.value(rows.get(i))));
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Comparator<Integer> order = Comparator.comparing(row -> (Comparable) values.value(row),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            int[] sorted = rows.stream().boxed().sorted(order).mapToInt(Integer::intValue).toArray();
            return split(Rows.of(sorted), "seq", options.evalFraction(), options.seed());
        }
        return split(rows, options.method(), options.evalFraction(), options.seed());
    }

    /** The index of {@code data_split_col}; custom needs a BOOLEAN column. */
    static int splitColumn(String modelName, TrainingData data, SplitOptions options) {
        String name = options.column().orElseThrow();
        for (int c = 0; c < data.schema().size(); c++) {
            if (data.schema().column(c).name().equalsIgnoreCase(name)) {
                TypeFamily family = data.schema().column(c).type().family();
                if (options.method().equals("custom") && family != TypeFamily.BOOLEAN) {
                    throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': data_split_col '"
                            + name + "' is " + data.schema().column(c).type() + "; data_split_method 'custom' needs"
                            + " a BOOLEAN column (TRUE or NULL = evaluation, FALSE = training)");
                }
                return c;
            }
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': data_split_col '" + name
                + "' is not a column of the training query");
    }

    /**
     * @param rows row indices in query order
     * @param method auto_split, random, seq or no_split
     * @param fraction the evaluation share for random and seq
     */
    static Split split(Rows rows, String method, double fraction, long seed) {
        int n = rows.size();
        return switch (method) {
            case "no_split" -> new Split(rows, Rows.none());
            case "seq" -> {
                int cut = n - (int) Math.round(n * fraction);
                yield new Split(rows.slice(0, cut), rows.slice(cut, n));
            }
            case "random" -> random(rows, (int) Math.round(n * fraction), seed);
            case "auto_split" -> n < AUTO_SPLIT_MIN_ROWS ? new Split(rows, Rows.none())
                    : random(rows, n <= AUTO_SPLIT_FRACTION_ROWS ? (int) Math.round(n * 0.2)
                            : AUTO_SPLIT_LARGE_EVAL_ROWS, seed);
            default -> throw new IllegalArgumentException("unknown split method " + method);
        };
    }

    /** A seeded choice of {@code evaluationRows} rows; both parts keep query order. */
    private static Split random(Rows rows, int evaluationRows, long seed) {
        int n = rows.size();
        boolean[] held = new boolean[n];
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        for (int i = 0; i < evaluationRows; i++) {
            held[order[i]] = true;
        }
        return partition(rows, i -> held[i]);
    }

    /**
     * The rows whose position (0 for the first of {@code rows}) {@code evaluates} evaluate, the others train; both keep
     * the rows' order.
     */
    private static Split partition(Rows rows, java.util.function.IntPredicate evaluates) {
        int[] train = new int[rows.size()];
        int[] evaluation = new int[rows.size()];
        int trained = 0;
        int evaluated = 0;
        for (int i = 0; i < rows.size(); i++) {
            int row = rows.get(i);
            if (evaluates.test(i)) {
                evaluation[evaluated++] = row;
            } else {
                train[trained++] = row;
            }
        }
        return new Split(Rows.of(java.util.Arrays.copyOf(train, trained)),
                Rows.of(java.util.Arrays.copyOf(evaluation, evaluated)));
    }
}
