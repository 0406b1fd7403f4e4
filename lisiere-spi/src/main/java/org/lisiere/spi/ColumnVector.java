package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/**
 * The values of one column of a {@link Batch}. Values are plain Java objects: {@code Boolean}, {@code Long},
 * {@code Integer}, {@code Double}, {@code BigDecimal}, {@code String}, {@code java.time} types, {@code byte[]},
 * {@code List} and {@code Map} for nested types. SQL NULL is reported by {@link #isNull(int)}.
 */
public final class ColumnVector {
    private final Object[] values;

    /** Takes ownership of {@code values}; the caller must not change the array afterwards. */
    public ColumnVector(Object[] values) {
        this.values = requireNonNull(values, "values is null");
    }

    public int size() {
        return values.length;
    }

    public boolean isNull(int row) {
        return values[row] == null;
    }

    /** The value at {@code row}; {@code null} exactly when {@link #isNull(int)} is true. */
    public Object get(int row) {
        return values[row];
    }
}
