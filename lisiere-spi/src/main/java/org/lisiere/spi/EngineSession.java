package org.lisiere.spi;

import java.util.List;
import java.util.Optional;

/**
 * A connection to an engine. Runs one statement at a time; {@link #cancel()} and {@link #progress()} may be called
 * from another thread while a statement runs.
 */
public interface EngineSession extends AutoCloseable {
    /** The engine this session belongs to. */
    Engine engine();

    /** Runs one statement in the engine's SQL dialect. */
    QueryResult execute(String sql);

    /**
     * Runs one statement with values bound to its parameters ({@code ?} or {@code $1}, in order), never spliced into
     * the text: each is {@code null}, a {@link Boolean}, {@link Long}, {@link Double}, {@link java.math.BigDecimal}
     * or {@link String}. The default runs {@link #execute(String)} when there are none.
     */
    default QueryResult execute(String sql, List<Object> parameters) {
        if (parameters.isEmpty()) {
            return execute(sql);
        }
        throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "The " + engine().name() + " engine does not"
                + " take statement parameters");
    }

    /**
     * Runs one query for a reader that consumes every row in bulk, as model training does: the same schema, rows
     * and values as {@link #execute}, which an engine may hand over through a faster columnar path. The default
     * runs {@link #execute}.
     */
    default QueryResult scan(String query) {
        return execute(query);
    }

    /**
     * Makes {@code function} callable in SQL by its name from every session of the engine, until the engine closes.
     * Registering a name again has no effect: names must identify their function's behaviour. Needs
     * {@link Capability#JAVA_FUNCTIONS}.
     */
    void registerFunction(FloatFunction function);

    /** Loads a file into a table atomically. Needs the capability of the request's format. */
    LoadResult load(LoadRequest request);

    /** The user tables, ordered by schema and name. */
    List<TableInfo> listTables();

    /** The table with this name, if it exists. */
    Optional<TableInfo> findTable(TableName name);

    /** Cancels the running statement, if any; it then fails with {@link ErrorCode#CANCELLED}. */
    void cancel();

    /** The progress of the running statement; empty when nothing runs or the engine cannot tell. */
    Optional<Progress> progress();

    @Override
    void close();
}
