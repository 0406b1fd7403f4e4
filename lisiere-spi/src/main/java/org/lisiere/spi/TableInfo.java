package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/** A table in an engine's catalog. */
public record TableInfo(String schemaName, String tableName, Schema columns) {
    public TableInfo {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(columns, "columns is null");
    }
}
