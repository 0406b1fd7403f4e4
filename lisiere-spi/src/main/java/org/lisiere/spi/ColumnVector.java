package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/**
 * The values of one column of a {@link Batch}. Values are plain Java objects: {@code Boolean}, {@code Long},
 * {@code Integer}, {@code Double}, {@code BigDecimal}, {@code String}, {@code java.time} types, {@code byte[]},
 * {@code List} and {@code Map} for nested types. SQL NULL is reported by {@link #isNull(int)}.
 *
 * <p>DOUBLE and BIGINT columns may be held unboxed ({@link #ofDoubles}, {@link #ofLongs}); {@link #getDouble(int)}
 * then reads them without allocating, which is what model training over millions of rows needs.
 */
public final class ColumnVector {
    private final Object[] values;
    private final double[] doubles;
    private final long[] longs;
    private final boolean[] nulls;
    private final int size;

    /** Takes ownership of {@code values}; the caller must not change the array afterwards. */
    public ColumnVector(Object[] values) {
        this.values = requireNonNull(values, "values is null");
        this.doubles = null;
        this.longs = null;
        this.nulls = null;
        this.size = values.length;
    }

    private ColumnVector(double[] doubles, long[] longs, boolean[] nulls, int size) {
        this.values = null;
        this.doubles = doubles;
        this.longs = longs;
        this.nulls = requireNonNull(nulls, "nulls is null");
        this.size = size;
        if (nulls.length < size || (doubles != null ? doubles.length : longs.length) < size) {
            throw new IllegalArgumentException("arrays shorter than size " + size);
        }
    }

    /** Unboxed DOUBLE values; {@code nulls[i]} marks SQL NULL. Takes ownership of the arrays. */
    public static ColumnVector ofDoubles(double[] values, boolean[] nulls, int size) {
        return new ColumnVector(requireNonNull(values, "values is null"), null, nulls, size);
    }

    /** Unboxed BIGINT values; {@code nulls[i]} marks SQL NULL. Takes ownership of the arrays. */
    public static ColumnVector ofLongs(long[] values, boolean[] nulls, int size) {
        return new ColumnVector(null, requireNonNull(values, "values is null"), nulls, size);
    }

    /** Whether the values are unboxed DOUBLEs ({@link #ofDoubles}). */
    public boolean holdsDoubles() {
        return doubles != null;
    }

    /** Whether the values are unboxed BIGINTs ({@link #ofLongs}). */
    public boolean holdsLongs() {
        return longs != null;
    }

    public int size() {
        return size;
    }

    public boolean isNull(int row) {
        return values != null ? values[row] == null : nulls[row];
    }

    /** The value at {@code row}; {@code null} exactly when {@link #isNull(int)} is true. */
    public Object get(int row) {
        if (values != null) {
            return values[row];
        }
        if (nulls[row]) {
            return null;
        }
        return doubles != null ? (Object) doubles[row] : (Object) longs[row];
    }

    /** An unboxed BIGINT value ({@link #holdsLongs()}); 0 for NULL. */
    public long getLong(int row) {
        return longs[row];
    }

    /**
     * Copies every value of an unboxed column ({@link #holdsDoubles()} or {@link #holdsLongs()}) into {@code target}
     * from {@code offset} as doubles (0 for NULL), in bulk.
     */
    public void copyDoubles(double[] target, int offset) {
        if (doubles != null) {
            System.arraycopy(doubles, 0, target, offset, size);
        } else if (longs != null) {
            for (int row = 0; row < size; row++) {
                target[offset + row] = longs[row];
            }
        } else {
            throw new IllegalStateException("the column holds boxed values");
        }
    }

    /** Copies the NULL marks of an unboxed column into {@code target} from {@code offset}, in bulk. */
    public void copyNulls(boolean[] target, int offset) {
        if (nulls == null) {
            throw new IllegalStateException("the column holds boxed values");
        }
        System.arraycopy(nulls, 0, target, offset, size);
    }

    /**
     * A numeric value as a double, without allocation for unboxed columns.
     *
     * @throws ClassCastException when the value is not a number
     * @throws NullPointerException when the value is NULL
     */
    public double getDouble(int row) {
        if (doubles != null) {
            return doubles[row];
        }
        if (longs != null) {
            return longs[row];
        }
        return ((Number) values[row]).doubleValue();
    }
}
