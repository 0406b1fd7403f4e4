package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ColumnVector;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * The rows of a training query, column by column (numbers unboxed where the engine hands them over so), with a
 * fingerprint of every value.
 */
record TrainingData(Schema schema, List<Column> columns, int rows, String fingerprint) {
    /**
     * SHA-256 over every value, batch by batch and column by column: unboxed numbers in bulk as 8-byte values and a
     * NULL byte each, other values typed (see {@link #hash}). Builds before format 2 hashed the values' text.
     */
    static final String FINGERPRINT_PREFIX = "sha256-values:";

    TrainingData {
        requireNonNull(schema, "schema is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(fingerprint, "fingerprint is null");
    }

    Column column(int index) {
        return columns.get(index);
    }

    /** One column of the training data. */
    sealed interface Column permits Numbers, Values {
        boolean isNull(int row);

        /** The value as the engine gave it (Double or Long for unboxed numbers); null for SQL NULL. */
        Object value(int row);

        /** A numeric value as a double; the column must be numeric and the value not NULL. */
        double number(int row);
    }

    /** DOUBLE or BIGINT values, unboxed. */
    record Numbers(double[] values, boolean[] nulls, boolean integral) implements Column {
        @Override
        public boolean isNull(int row) {
            return nulls[row];
        }

        @Override
        public Object value(int row) {
            return nulls[row] ? null : integral ? (Object) (long) values[row] : (Object) values[row];
        }

        @Override
        public double number(int row) {
            return values[row];
        }
    }

    /** Any other type, boxed. */
    record Values(Object[] values) implements Column {
        @Override
        public boolean isNull(int row) {
            return values[row] == null;
        }

        @Override
        public Object value(int row) {
            return values[row];
        }

        @Override
        public double number(int row) {
            return ((Number) values[row]).doubleValue();
        }
    }

    static TrainingData read(QueryResult result, TrainingMonitor monitor) {
        Schema schema = result.schema();
        int width = schema.size();
        Builder[] builders = new Builder[width];
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        int rows = 0;
        for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
            Batch batch = next.get();
            monitor.check();
            for (int c = 0; c < width; c++) {
                ColumnVector vector = batch.column(c);
                if (builders[c] == null) {
                    builders[c] = new Builder(vector);
                }
                builders[c].append(vector, batch.rowCount(), rows, digest, buffer);
            }
            rows += batch.rowCount();
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            columns.add(builders[c] == null ? new Values(new Object[0]) : builders[c].build(rows));
        }
        return new TrainingData(schema, columns, rows, FINGERPRINT_PREFIX + HexFormat.of().formatHex(digest.digest()));
    }

    /** Collects one column over the batches, unboxed when the first batch was. */
    private static final class Builder {
        private final boolean unboxed;
        private final boolean integral;
        private double[] numbers = new double[0];
        private boolean[] nulls = new boolean[0];
        private Object[] values = new Object[0];

        Builder(ColumnVector first) {
            this.unboxed = first.holdsDoubles() || first.holdsLongs();
            this.integral = first.holdsLongs();
        }

        /** Appends a batch's values and feeds them to the digest (batch by batch, column by column). */
        void append(ColumnVector vector, int count, int offset, MessageDigest digest, ByteBuffer buffer) {
            int needed = offset + count;
            if (unboxed) {
                if (numbers.length < needed) {
                    numbers = Arrays.copyOf(numbers, Math.max(needed, numbers.length * 2));
                    nulls = Arrays.copyOf(nulls, numbers.length);
                }
                for (int r = 0; r < count; r++) {
                    boolean isNull = vector.isNull(r);
                    nulls[offset + r] = isNull;
                    numbers[offset + r] = isNull ? 0 : vector.getDouble(r);
                }
                hashNumbers(offset, count, digest, buffer);
            } else {
                if (values.length < needed) {
                    values = Arrays.copyOf(values, Math.max(needed, values.length * 2));
                }
                for (int r = 0; r < count; r++) {
                    values[offset + r] = vector.get(r);
                    hash(values[offset + r], buffer, digest);
                }
                digest.update(buffer.flip());
                buffer.clear();
            }
        }

        /** The numbers' 8-byte forms (NULL as 0) then one byte per row for NULL, in bulk. */
        private void hashNumbers(int offset, int count, MessageDigest digest, ByteBuffer buffer) {
            for (int start = offset; start < offset + count; start += buffer.capacity() / Double.BYTES) {
                int chunk = Math.min(buffer.capacity() / Double.BYTES, offset + count - start);
                buffer.clear();
                buffer.asDoubleBuffer().put(numbers, start, chunk);
                buffer.limit(chunk * Double.BYTES);
                digest.update(buffer);
            }
            buffer.clear();
            for (int r = offset; r < offset + count; r++) {
                buffer.put((byte) (nulls[r] ? 1 : 0));
            }
            digest.update(buffer.flip());
            buffer.clear();
        }

        Column build(int rows) {
            return unboxed ? new Numbers(Arrays.copyOf(numbers, rows), Arrays.copyOf(nulls, rows), integral)
                    : new Values(Arrays.copyOf(values, rows));
        }
    }

    /**
     * Feeds one boxed value to the digest: a type tag, then numbers as their 8-byte binary form and everything else
     * as UTF-8 text (formatting a double as text would cost more than the whole training).
     */
    private static void hash(Object value, ByteBuffer buffer, MessageDigest digest) {
        boolean binary = value == null || value instanceof Double || value instanceof Float || value instanceof Long
                || value instanceof Integer || value instanceof Short || value instanceof Byte;
        byte[] text = binary ? null : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        if (buffer.remaining() < 16 + (text == null ? 0 : text.length)) {
            digest.update(buffer.flip());
            buffer.clear();
        }
        if (value == null) {
            buffer.put((byte) 0);
        } else if (value instanceof Double || value instanceof Float) {
            buffer.put((byte) 1).putLong(Double.doubleToLongBits(((Number) value).doubleValue()));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            buffer.put((byte) 2).putLong(((Number) value).longValue());
        } else if (text.length + 16 > buffer.capacity()) {
            buffer.put((byte) 3).putInt(text.length);
            digest.update(buffer.flip());
            buffer.clear();
            digest.update(text);
        } else {
            buffer.put((byte) 3).putInt(text.length).put(text);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
