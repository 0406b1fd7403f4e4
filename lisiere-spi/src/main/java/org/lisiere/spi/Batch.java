package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A slice of a result in columnar form: one {@link ColumnVector} per column of the schema, all of the same length.
 */
public record Batch(Schema schema, int rowCount, List<ColumnVector> columns) {
    public Batch {
        requireNonNull(schema, "schema is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (columns.size() != schema.size()) {
            throw new IllegalArgumentException(
                    "batch has " + columns.size() + " columns but the schema has " + schema.size());
        }
        for (ColumnVector column : columns) {
            if (column.size() != rowCount) {
                throw new IllegalArgumentException(
                        "column of " + column.size() + " values in a batch of " + rowCount + " rows");
            }
        }
    }

    public ColumnVector column(int index) {
        return columns.get(index);
    }
}
