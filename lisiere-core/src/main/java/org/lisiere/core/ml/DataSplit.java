package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** BigQuery ML's data split methods: which rows train and which evaluate. */
final class DataSplit {
    /** Below this many rows, auto_split trains on everything. */
    static final int AUTO_SPLIT_MIN_ROWS = 500;
    /** Up to this many rows, auto_split holds out 20%; above, a fixed 10,000 rows. */
    static final int AUTO_SPLIT_FRACTION_ROWS = 50_000;
    static final int AUTO_SPLIT_LARGE_EVAL_ROWS = 10_000;

    private DataSplit() {}

    record Split(List<Integer> train, List<Integer> evaluation) {
        Split {
            train = List.copyOf(train);
            evaluation = List.copyOf(evaluation);
        }
    }

    /**
     * @param rows row indices in query order
     * @param method auto_split, random, seq or no_split
     * @param fraction the evaluation share for random and seq
     */
    static Split split(List<Integer> rows, String method, double fraction, long seed) {
        int n = rows.size();
        return switch (method) {
            case "no_split" -> new Split(rows, List.of());
            case "seq" -> {
                int cut = n - (int) Math.round(n * fraction);
                yield new Split(rows.subList(0, cut), rows.subList(cut, n));
            }
            case "random" -> random(rows, (int) Math.round(n * fraction), seed);
            case "auto_split" -> n < AUTO_SPLIT_MIN_ROWS ? new Split(rows, List.of())
                    : random(rows, n <= AUTO_SPLIT_FRACTION_ROWS ? (int) Math.round(n * 0.2)
                            : AUTO_SPLIT_LARGE_EVAL_ROWS, seed);
            default -> throw new IllegalArgumentException("unknown split method " + method);
        };
    }

    /** A seeded choice of {@code evaluationRows} rows; both parts keep query order. */
    private static Split random(List<Integer> rows, int evaluationRows, long seed) {
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
        List<Integer> train = new ArrayList<>();
        List<Integer> evaluation = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (held[i] ? evaluation : train).add(rows.get(i));
        }
        return new Split(train, evaluation);
    }
}
