package org.lisiere.engine.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lisiere.spi.Column;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.TableInfo;

/**
 * Decides the columns a load reads, in file order: the declared schema if any, else the existing table's types
 * (so that a bad value fails the load instead of widening the type), else the types inferred from the file.
 */
final class ColumnResolver {
    private ColumnResolver() {}

    /**
     * @param fileColumns the columns found in the file, in file order, with inferred types
     * @param byPosition whether the file's columns have no names of their own (CSV without header)
     */
    static List<ColumnDefinition> resolve(LoadRequest request, List<ColumnDefinition> fileColumns,
            Optional<TableInfo> existing, boolean byPosition) {
        if (!request.columns().isEmpty()) {
            return request.columns();
        }
        if (existing.isEmpty()) {
            return fileColumns;
        }
        TableInfo table = existing.get();
        if (byPosition) {
            if (fileColumns.size() != table.columns().size()) {
                throw new LisiereException(ErrorCode.MALFORMED_INPUT, String.format(
                        "%s: the file has %d columns but table %s has %d (%s)", request.source(),
                        fileColumns.size(), request.table(), table.columns().size(), names(table)));
            }
            return table.columns().columns().stream().map(ColumnResolver::definition).toList();
        }
        List<ColumnDefinition> resolved = new ArrayList<>();
        for (ColumnDefinition fileColumn : fileColumns) {
            Column column = table.columns().find(fileColumn.name()).orElseThrow(() -> new LisiereException(
                    ErrorCode.MALFORMED_INPUT, String.format("%s: column '%s' is not a column of table %s (%s)",
                            request.source(), fileColumn.name(), request.table(), names(table))));
            resolved.add(definition(column));
        }
        return resolved;
    }

    private static ColumnDefinition definition(Column column) {
        return new ColumnDefinition(column.name(), column.type().sqlName());
    }

    private static String names(TableInfo table) {
        return table.columns().columns().stream().map(Column::name)
                .collect(Collectors.joining(", ", "its columns: ", ""));
    }
}
