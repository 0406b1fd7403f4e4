package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lisiere.spi.Batch;
import org.lisiere.spi.Column;
import org.lisiere.spi.ColumnVector;
import org.lisiere.spi.DataType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TypeFamily;

class TrainingDataReaderTest {
    private static final Schema SCHEMA = new Schema(List.of(new Column("x", new DataType("DOUBLE", TypeFamily.FLOATING)),
            new Column("n", new DataType("BIGINT", TypeFamily.INTEGER)),
            new Column("s", new DataType("VARCHAR", TypeFamily.STRING))));
    @ParameterizedTest
    @CsvSource({"300, 2048", "700, 1000"})
    void readsEveryRowOfEveryBatchInOrder(int batches, int batchRows) {
        // more batches than are fetched ahead, over several segments: filled exactly, and filled but for a remainder

        TrainingData data = TrainingDataReader.read(new Batches(batches, -1, batchRows), new TrainingMonitor());

        assertThat(data.rows()).isEqualTo(batches * batchRows - 7);
        for (int row = 0; row < data.rows(); row++) {
            assertThat(data.column(0).isNull(row)).as("x null at %d", row).isEqualTo(row % 10 == 3);
            if (row % 10 != 3) {
                assertThat(data.column(0).number(row)).as("x at %d", row).isEqualTo(row * 0.5);
            }
            assertThat(data.column(1).value(row)).as("n at %d", row).isEqualTo((long) -row);
            assertThat(data.column(2).value(row)).as("s at %d", row).isEqualTo(row % 7 == 0 ? null : "r" + row);
        }
        assertThat(((TrainingData.Numbers) data.column(0)).values()).hasSize(data.rows());
    }

    @Test
    void passesOnTheEnginesErrorAndStopsCopying() {
        Batches failing = new Batches(300, 150);

        assertThatThrownBy(() -> TrainingDataReader.read(failing, new TrainingMonitor()))
                .isInstanceOf(LisiereException.class).hasMessage("connection lost at batch 150");
        assertThat(copyingThreads()).isEmpty();
    }

    @Test
    void stopsWhenTheTrainingIsCancelled() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.start("m");
        monitor.cancel();

        assertThatThrownBy(() -> TrainingDataReader.read(new Batches(3, -1), monitor))
                .isInstanceOf(LisiereException.class).hasMessage("Statement cancelled; model 'm' was not changed");
        assertThat(copyingThreads()).isEmpty();
    }

    /** The copying threads still alive once each has had its time to see the end mark. */
    private static List<Thread> copyingThreads() {
        List<Thread> alive = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("lisiere-training-read")) {
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                if (thread.isAlive()) {
                    alive.add(thread);
                }
            }
        }
        return alive;
    }

    /** Batches of rows numbered from 0 (the last one 7 rows short), failing at batch {@code failAt} if not -1. */
    private static final class Batches implements QueryResult {
        private final int count;
        private final int failAt;
        private final int rows;
        private int next;

        Batches(int count, int failAt) {
            this(count, failAt, 2048);
        }

        Batches(int count, int failAt, int rows) {
            this.count = count;
            this.failAt = failAt;
            this.rows = rows;
        }

        @Override
        public boolean hasRows() {
            return true;
        }

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Optional<Batch> nextBatch() {
            if (next == failAt) {
                throw new LisiereException(ErrorCode.IO_ERROR, "connection lost at batch " + next);
            }
            if (next == count) {
                return Optional.empty();
            }
            int first = next++ * rows;
            int size = next == count ? rows - 7 : rows;
            double[] x = new double[size];
            boolean[] xNull = new boolean[size];
            long[] n = new long[size];
            boolean[] nNull = new boolean[size];
            Object[] s = new Object[size];
            for (int i = 0; i < size; i++) {
                int row = first + i;
                xNull[i] = row % 10 == 3;
                x[i] = xNull[i] ? 0 : row * 0.5;
                n[i] = -row;
                s[i] = row % 7 == 0 ? null : "r" + row;
            }
            return Optional.of(new Batch(SCHEMA, size, List.of(ColumnVector.ofDoubles(x, xNull, size),
                    ColumnVector.ofLongs(n, nNull, size), new ColumnVector(s))));
        }

        @Override
        public Optional<Long> updateCount() {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }
}
