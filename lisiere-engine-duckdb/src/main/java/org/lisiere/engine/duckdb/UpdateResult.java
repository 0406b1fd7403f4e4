package org.lisiere.engine.duckdb;

import java.util.Optional;
import org.lisiere.spi.Batch;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/** The outcome of a statement without rows. */
record UpdateResult(Optional<Long> updateCount) implements QueryResult {
    @Override
    public boolean hasRows() {
        return false;
    }

    @Override
    public Schema schema() {
        return Schema.EMPTY;
    }

    @Override
    public Optional<Batch> nextBatch() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // Nothing is held open.
    }
}
