package org.lisiere.engine.duckdb;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.lisiere.spi.ColumnDefinition;

/**
 * How to read one file: the table expression that yields its rows with their final types, and the columns in
 * file order.
 *
 * @param expression SQL usable after {@code FROM}
 * @param columns the columns the expression yields
 * @param typesInferred whether the types were guessed from a sample of the file (errors then suggest a schema)
 */
record FileScan(String expression, List<ColumnDefinition> columns, boolean typesInferred) {
    FileScan {
        requireNonNull(expression, "expression is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
}
