package org.lisiere.core.ml;

import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * The values computed for the last batch of rows, per thread. When one computation yields several SQL columns, the
 * engine calls one function per column over the same batch: the first call computes every column's values and the
 * others read them here, reused only when the arguments are equal.
 */
final class LastBatch {
    private final ThreadLocal<Batch> last = new ThreadLocal<>();

    private record Batch(float[] rows, int count, double[] values) {}

    /**
     * The values of the batch: cached when the arguments equal the last batch's on this thread, else computed.
     *
     * @param rows row-major arguments, {@code arity} per row, {@code count} rows (reused by the caller)
     * @param compute from a private copy of the arguments and {@code count}, the values of every column
     */
    double[] values(float[] rows, int count, int arity, BiFunction<float[], Integer, double[]> compute) {
        Batch batch = last.get();
        if (batch == null || batch.count() != count
                || !Arrays.equals(batch.rows(), 0, count * arity, rows, 0, count * arity)) {
            float[] copy = Arrays.copyOf(rows, count * arity);
            batch = new Batch(copy, count, compute.apply(copy, count));
            last.set(batch);
        }
        return batch.values();
    }
}
