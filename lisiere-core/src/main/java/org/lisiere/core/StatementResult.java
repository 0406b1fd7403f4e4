package org.lisiere.core;

import static java.util.Objects.requireNonNull;

import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.QueryResult;

/**
 * What one statement produced: rows to print, or a summary of what it did ({@code Loaded 3 rows into pay}).
 * Must be closed when its rows have been read.
 */
public record StatementResult(ScriptStatement statement, QueryResult result, String summary)
        implements AutoCloseable {
    public StatementResult {
        requireNonNull(statement, "statement is null");
        requireNonNull(result, "result is null");
        requireNonNull(summary, "summary is null");
    }

    @Override
    public void close() {
        result.close();
    }
}
