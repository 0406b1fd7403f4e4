package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/**
 * A column type: the engine's own SQL spelling (such as {@code DECIMAL(15,2)}) and its family.
 */
public record DataType(String sqlName, TypeFamily family) {
    public DataType {
        requireNonNull(sqlName, "sqlName is null");
        requireNonNull(family, "family is null");
        if (sqlName.isBlank()) {
            throw new IllegalArgumentException("sqlName is blank");
        }
    }

    @Override
    public String toString() {
        return sqlName;
    }
}
