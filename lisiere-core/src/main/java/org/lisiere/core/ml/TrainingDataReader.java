package org.lisiere.core.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ColumnVector;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * Reads a training query's rows into {@link TrainingData} in two steps that overlap: the calling thread fetches the
 * engine's batches while a second thread copies each fetched batch into the columns (copying took as long as fetching
 * a million rows, and left the other cores idle).
 */
final class TrainingDataReader {
    /**
     * Batches fetched ahead of the copying: enough to ride out the copying's pauses while a column's array doubles
     * (at a million rows, tens of milliseconds).
     */
    private static final int AHEAD = 64;
    private static final Optional<Batch> END = Optional.empty();

    private TrainingDataReader() {}

    static TrainingData read(QueryResult result, TrainingMonitor monitor) {
        Schema schema = result.schema();
        BlockingQueue<Optional<Batch>> fetched = new ArrayBlockingQueue<>(AHEAD);
        Columns columns = new Columns(schema.size());
        CompletableFuture<Void> copying = CompletableFuture.runAsync(() -> columns.copyAll(fetched), task -> {
            Thread thread = new Thread(task, "lisiere-training-read");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
                monitor.check();
                hand(fetched, next, copying);
            }
            hand(fetched, END, copying);
            copying.join();
        } catch (RuntimeException e) {
            fetched.clear();
            fetched.offer(END); // the copying thread stops at the end mark (or has stopped on its own error)
            throw unwrap(e);
        }
        return new TrainingData(schema, columns.build(), columns.rows);
    }

    /** Queues a batch, unless the copying thread has failed: then its error. */
    private static void hand(BlockingQueue<Optional<Batch>> fetched, Optional<Batch> batch,
            CompletableFuture<Void> copying) {
        try {
            while (!fetched.offer(batch, 10, TimeUnit.MILLISECONDS)) {
                if (copying.isDone()) {
                    copying.join(); // throws the copying's error
                    throw new IllegalStateException("the copying of the training data stopped before its end");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the training data", e);
        }
    }

    private static RuntimeException unwrap(RuntimeException e) {
        return e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
    }

    /** The columns being filled, batch by batch, by the copying thread. */
    private static final class Columns {
        private final Builder[] builders;
        private int rows;

        Columns(int width) {
            this.builders = new Builder[width];
        }

        void copyAll(BlockingQueue<Optional<Batch>> fetched) {
            try {
                for (Optional<Batch> next = fetched.take(); next.isPresent(); next = fetched.take()) {
                    append(next.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while copying the training data", e);
            }
        }

        private void append(Batch batch) {
            for (int c = 0; c < builders.length; c++) {
                ColumnVector vector = batch.column(c);
                if (builders[c] == null) {
                    builders[c] = new Builder(vector);
                }
                builders[c].append(vector);
            }
            rows += batch.rowCount();
        }

        List<TrainingData.Column> build() {
            // each column's last copy to its exact size, one column per core
            return Arrays.stream(builders).parallel().map(builder -> builder == null
                    ? (TrainingData.Column) new TrainingData.Values(new Object[0]) : builder.build()).toList();
        }
    }

    /**
     * Collects one column over the batches, unboxed when the first batch was, copying each batch at once into arrays
     * that double as they fill: the batches' own arrays then die young, where keeping them until the end made every
     * young collection during a read copy all of them (hundreds of milliseconds for a million rows); the doubling
     * arrays soon exceed half a heap region and are allocated outside the young generation, never copied by it.
     */
    private static final class Builder {
        private static final int FIRST_CAPACITY = 4096;

        private final boolean unboxed;
        private final boolean integral;
        private double[] numbers = new double[0];
        private boolean[] nulls = new boolean[0];
        private Object[] values = new Object[0];
        private int size;

        Builder(ColumnVector first) {
            this.unboxed = first.holdsDoubles() || first.holdsLongs();
            this.integral = first.holdsLongs();
        }

        void append(ColumnVector vector) {
            if (unboxed != (vector.holdsDoubles() || vector.holdsLongs())) {
                throw new IllegalStateException("the engine changed how it holds a column between batches");
            }
            int needed = size + vector.size();
            if (unboxed) {
                if (needed > numbers.length) {
                    int capacity = capacity(numbers.length, needed);
                    numbers = Arrays.copyOf(numbers, capacity);
                    nulls = Arrays.copyOf(nulls, capacity);
                }
                vector.copyDoubles(numbers, size);
                vector.copyNulls(nulls, size);
            } else {
                if (needed > values.length) {
                    values = Arrays.copyOf(values, capacity(values.length, needed));
                }
                for (int r = 0; r < vector.size(); r++) {
                    values[size + r] = vector.get(r);
                }
            }
            size = needed;
        }

        private static int capacity(int current, int needed) {
            return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, Math.max(FIRST_CAPACITY, 2L * current)));
        }

        TrainingData.Column build() {
            return unboxed ? new TrainingData.Numbers(trimmed(numbers), size == nulls.length ? nulls : Arrays.copyOf(nulls, size),
                    integral) : new TrainingData.Values(size == values.length ? values : Arrays.copyOf(values, size));
        }

        private double[] trimmed(double[] array) {
            return size == array.length ? array : Arrays.copyOf(array, size);
        }
    }

}
