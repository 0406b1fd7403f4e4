package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code LOAD DATA} operation. Engines must apply it atomically: either every row of the file is added (or
 * replaces the table, with {@code overwrite}) or the table is left exactly as it was.
 *
 * @param table the target table; created when missing
 * @param source the file to read
 * @param format the file format
 * @param overwrite replace the table's rows instead of appending
 * @param columns the declared columns; empty to infer them from the file (or take them from an existing table)
 * @param csv CSV dialect options, ignored for other formats
 * @param sameTransaction statements in the engine's dialect that run after the rows are added and commit with them
 *     (an edge site records a batch's idempotency key so); a failing one undoes the load
 * @param constants values of columns the file does not hold, the same for every row (column name → value as text,
 *     cast to the column's type); the core stamps the sending site on the rows of a sync so
 */
public record LoadRequest(
        TableName table, Path source, LoadFormat format, boolean overwrite, List<ColumnDefinition> columns,
        CsvOptions csv, List<String> sameTransaction, java.util.Map<String, String> constants) {
    public LoadRequest {
        requireNonNull(table, "table is null");
        requireNonNull(source, "source is null");
        requireNonNull(format, "format is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(csv, "csv is null");
        sameTransaction = List.copyOf(requireNonNull(sameTransaction, "sameTransaction is null"));
        constants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requireNonNull(constants,
                "constants is null")));
    }

    /** A load that runs nothing else in its transaction. */
    public LoadRequest(TableName table, Path source, LoadFormat format, boolean overwrite,
            List<ColumnDefinition> columns, CsvOptions csv) {
        this(table, source, format, overwrite, columns, csv, List.of(), java.util.Map.of());
    }
}
