package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

/** A statement in the engine's own dialect, passed through unchanged. */
public record EngineStatement(String sql) implements ParsedStatement {
    public EngineStatement {
        requireNonNull(sql, "sql is null");
    }
}
