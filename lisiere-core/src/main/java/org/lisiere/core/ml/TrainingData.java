package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.lisiere.spi.Schema;

/**
 * The rows of a training query, column by column (numbers unboxed where the engine hands them over so); their
 * {@link #fingerprint()} covers every value.
 */
record TrainingData(Schema schema, List<Column> columns, int rows) {
    /**
     * The prefix of {@link #fingerprint()}. Earlier builds wrote {@code sha256-values:} (every value, batch by batch
     * and column by column) and, before model format 2, a SHA-256 of the values' text.
     */
    static final String FINGERPRINT_PREFIX = "sha256-columns:";

    TrainingData {
        requireNonNull(schema, "schema is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
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

    /**
     * SHA-256 over the row count (8 bytes) and the SHA-256 of each column, computed one column per core: unboxed
     * numbers as 8-byte values (NULL as 0) then one byte per row for NULL (1) or a value (0); other values typed
     * (see {@link #hash}). Every number is little-endian. It reads every value: computed on demand, so that it can run
     * while a model trains.
     */
    String fingerprint() {
        List<byte[]> digests = columns.parallelStream().map(TrainingData::digest).toList();
        MessageDigest digest = sha256();
        digest.update(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(rows).flip());
        digests.forEach(digest::update);
        return FINGERPRINT_PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] digest(Column column) {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        if (column instanceof Numbers numbers) {
            double[] values = numbers.values();
            int chunk = buffer.capacity() / Double.BYTES;
            for (int start = 0; start < values.length; start += chunk) {
                int length = Math.min(chunk, values.length - start);
                buffer.clear();
                buffer.asDoubleBuffer().put(values, start, length);
                buffer.limit(length * Double.BYTES);
                digest.update(buffer);
            }
            boolean[] nulls = numbers.nulls();
            byte[] flags = buffer.array(); // a byte per flag straight into the array: ByteBuffer.put checks each
            for (int start = 0; start < nulls.length; start += flags.length) {
                int length = Math.min(flags.length, nulls.length - start);
                for (int r = 0; r < length; r++) {
                    flags[r] = (byte) (nulls[start + r] ? 1 : 0);
                }
                digest.update(flags, 0, length);
            }
        } else {
            Object[] values = ((Values) column).values();
            buffer.clear();
            for (Object value : values) {
                hash(value, buffer, digest);
            }
            digest.update(buffer.flip());
        }
        return digest.digest();
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

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
