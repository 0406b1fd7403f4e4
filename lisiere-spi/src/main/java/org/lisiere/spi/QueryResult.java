package org.lisiere.spi;

import java.util.Optional;

/**
 * The outcome of one statement. A result with rows is consumed batch by batch and must be closed; a statement
 * without rows reports how many rows it changed, if the engine knows.
 */
public interface QueryResult extends AutoCloseable {
    /** Whether the statement produced rows (a query) rather than a change count. */
    boolean hasRows();

    /** The columns of the rows; {@link Schema#EMPTY} when {@link #hasRows()} is false. */
    Schema schema();

    /** The next batch of rows, or empty when all rows have been read. */
    Optional<Batch> nextBatch();

    /** Rows inserted, updated or deleted by a statement without rows; empty when unknown or not applicable. */
    Optional<Long> updateCount();

    @Override
    void close();
}
