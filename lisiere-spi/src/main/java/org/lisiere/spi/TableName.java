package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A table name as written by the user, optionally qualified by a schema. Names keep the user's spelling;
 * engines resolve them case-insensitively as SQL does.
 */
public record TableName(Optional<String> schema, String table) {
    public TableName {
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table name is empty");
        }
    }

    public static TableName of(String table) {
        return new TableName(Optional.empty(), table);
    }

    /** The name as SQL text, each part quoted so that any spelling is safe to splice into a statement. */
    public String quoted() {
        return schema.map(s -> quote(s) + ".").orElse("") + quote(table);
    }

    /** Double-quotes an identifier, doubling embedded quotes. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return schema.map(s -> s + ".").orElse("") + table;
    }
}
