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
     * Batches fetched ahead of the copying: enough to ride out the copying's pauses while new segments are allocated
     * (a few milliseconds for every column's largest).
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
     * Collects one column over the batches, unboxed when the first batch was, copying each batch at once into segments
     * that grow to {@link #LARGEST_SEGMENT} rows: the batches' own arrays then die young, where keeping them until the
     * end made every young collection during a read copy all of them (hundreds of milliseconds for a million rows);
     * large segments are allocated outside the young generation, never copied by it. The segments are joined once at
     * the end, a single copy of each value where arrays that double as they fill copied and zeroed twice as much.
     */
    private static final class Builder {
        private static final int FIRST_SEGMENT = 4096;
        /** 4 MiB of doubles: a humongous object for G1 at the region sizes of heaps up to 16 GiB. */
        private static final int LARGEST_SEGMENT = 1 << 19;

        private final boolean unboxed;
        private final boolean integral;
        /** The filled segments before the current one. */
        private final List<Segment> filled = new java.util.ArrayList<>();
        private double[] numbers = new double[0];
        private boolean[] nulls = new boolean[0];
        private int inSegment;
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
            if (unboxed) {
                if (inSegment + vector.size() > numbers.length) {
                    nextSegment(vector.size());
                }
                vector.copyDoubles(numbers, inSegment);
                vector.copyNulls(nulls, inSegment);
                inSegment += vector.size();
            } else {
                int needed = size + vector.size();
                if (needed > values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8,
                            Math.max(needed, Math.max(FIRST_SEGMENT, 2L * values.length))));
                }
                for (int r = 0; r < vector.size(); r++) {
                    values[size + r] = vector.get(r);
                }
            }
            size += vector.size();
        }

        /** Closes the current segment and starts one twice as large (up to the largest), with room for the batch. */
        private void nextSegment(int batch) {
            if (numbers.length > 0) {
                filled.add(new Segment(numbers, nulls, inSegment));
            }
            int capacity = Math.max(batch, Math.min(LARGEST_SEGMENT, Math.max(FIRST_SEGMENT, 2 * numbers.length)));
            numbers = new double[capacity];
            nulls = new boolean[capacity];
            inSegment = 0;
        }

        TrainingData.Column build() {
            if (!unboxed) {
                return new TrainingData.Values(size == values.length ? values : Arrays.copyOf(values, size));
            }
            if (filled.isEmpty() && inSegment == numbers.length) {
                return new TrainingData.Numbers(numbers, nulls, integral);
            }
            double[] allNumbers = new double[size];
            boolean[] allNulls = new boolean[size];
            int at = 0;
            for (Segment segment : filled) {
                System.arraycopy(segment.numbers(), 0, allNumbers, at, segment.size());
                System.arraycopy(segment.nulls(), 0, allNulls, at, segment.size());
                at += segment.size();
            }
            System.arraycopy(numbers, 0, allNumbers, at, inSegment);
            System.arraycopy(nulls, 0, allNulls, at, inSegment);
            return new TrainingData.Numbers(allNumbers, allNulls, integral);
        }

        /** The first {@code size} values of a segment are the column's. */
        private record Segment(double[] numbers, boolean[] nulls, int size) {}
    }
}
