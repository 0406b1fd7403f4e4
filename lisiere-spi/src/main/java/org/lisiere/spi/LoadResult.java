package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/**
 * What a load did.
 *
 * @param table the loaded table
 * @param rowsLoaded rows added by this load
 * @param created whether the table was created (or re-created) by this load
 */
public record LoadResult(TableName table, long rowsLoaded, boolean created) {
    public LoadResult {
        requireNonNull(table, "table is null");
        if (rowsLoaded < 0) {
            throw new IllegalArgumentException("rowsLoaded must be >= 0: " + rowsLoaded);
        }
    }
}
