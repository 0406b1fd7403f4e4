package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The result of a statement that yields no rows, only (maybe) a count of the rows it changed. */
public record NoRows(Optional<Long> updateCount) implements QueryResult {
    public NoRows {
        requireNonNull(updateCount, "updateCount is null");
    }

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
        // nothing is held open
    }
}
