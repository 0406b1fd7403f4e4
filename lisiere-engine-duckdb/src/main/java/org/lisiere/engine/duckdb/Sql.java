package org.lisiere.engine.duckdb;

import java.util.List;
import java.util.stream.Collectors;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.TableName;

/** Small helpers to splice values safely into DuckDB SQL text. */
final class Sql {
    private Sql() {}

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return TableName.quote(name);
    }

    /** A DuckDB struct literal {@code {'a': 'BIGINT', ...}} as the file readers take for {@code columns}. */
    static String columnsStruct(List<ColumnDefinition> columns) {
        return columns.stream()
                .map(c -> literal(c.name()) + ": " + literal(c.type()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
