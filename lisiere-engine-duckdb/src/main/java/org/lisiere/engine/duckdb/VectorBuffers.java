package org.lisiere.engine.duckdb;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.duckdb.DuckDBReadableVector;

/**
 * Reads a whole DuckDB vector at once. The JDBC driver reads one value per call, checking the row index, the type and
 * the validity mask each time; it keeps the vector's data and validity buffers private, so they are reached by
 * reflection once, and when that fails (another driver version) every read falls back to the driver's own calls.
 * Like the driver, this assumes the flat vectors DuckDB hands to result chunks and scalar functions.
 */
final class VectorBuffers {
    private static final Field DATA = field("data");
    private static final Field VALIDITY = field("validity");

    private VectorBuffers() {}

    private static Field field(String name) {
        try {
            Field field = DuckDBReadableVector.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.getType() == ByteBuffer.class ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Writes each row's NULL flag into {@code nulls}; returns whether any row is NULL. */
    static boolean nulls(DuckDBReadableVector vector, boolean[] nulls, int rows) {
        ByteBuffer validity = buffer(VALIDITY, vector);
        if (validity == null && VALIDITY != null) {
            java.util.Arrays.fill(nulls, 0, rows, false); // no validity mask: every value is present
            return false;
        }
        boolean any = false;
        for (int start = 0; start < rows; start += 64) {
            int end = Math.min(rows, start + 64);
            long word = validity == null ? 0 : validity.getLong(start / 64 * 8);
            if (validity != null && word == -1L) {
                java.util.Arrays.fill(nulls, start, end, false); // the usual word: 64 present values
                continue;
            }
            for (int r = start; r < end; r++) {
                nulls[r] = validity == null ? vector.isNull(r) : (word & (1L << (r % 64))) == 0;
                any |= nulls[r];
            }
        }
        return any;
    }

    /** Copies the DOUBLE values, 0 where NULL (as the driver reads them); {@code anyNull} as {@link #nulls} said. */
    static void doubles(DuckDBReadableVector vector, double[] values, boolean[] nulls, boolean anyNull, int rows) {
        ByteBuffer data = buffer(DATA, vector);
        if (data != null) {
            data.asDoubleBuffer().get(0, values, 0, rows);
            for (int r = 0; anyNull && r < rows; r++) {
                values[r] = nulls[r] ? 0 : values[r];
            }
        } else {
            for (int r = 0; r < rows; r++) {
                values[r] = vector.getDouble(r, 0);
            }
        }
    }

    /** Copies the BIGINT values, 0 where NULL (as the driver reads them). */
    static void longs(DuckDBReadableVector vector, long[] values, boolean[] nulls, int rows) {
        ByteBuffer data = buffer(DATA, vector);
        if (data != null) {
            data.asLongBuffer().get(0, values, 0, rows);
            for (int r = 0; r < rows; r++) {
                values[r] = nulls[r] ? 0 : values[r];
            }
        } else {
            for (int r = 0; r < rows; r++) {
                values[r] = vector.getLong(r, 0);
            }
        }
    }

    /** Copies the FLOAT values into every {@code stride}-th element of {@code target} from {@code offset}, NaN for NULL. */
    static void floats(DuckDBReadableVector vector, float[] target, int offset, int stride, int rows, boolean[] nulls) {
        ByteBuffer data = buffer(DATA, vector);
        if (data == null) {
            for (int r = 0; r < rows; r++) {
                target[offset + r * stride] = vector.getFloat(r, Float.NaN);
            }
            return;
        }
        nulls(vector, nulls, rows);
        java.nio.FloatBuffer floats = data.asFloatBuffer();
        for (int r = 0; r < rows; r++) {
            target[offset + r * stride] = nulls[r] ? Float.NaN : floats.get(r);
        }
    }

    private static ByteBuffer buffer(Field field, DuckDBReadableVector vector) {
        if (field == null) {
            return null;
        }
        try {
            return (ByteBuffer) field.get(vector);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
