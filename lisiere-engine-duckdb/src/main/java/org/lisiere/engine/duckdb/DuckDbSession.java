package org.lisiere.engine.duckdb;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.QueryProgress;
import org.duckdb.StatementReturnType;
import org.lisiere.spi.Column;
import org.lisiere.spi.Engine;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.LoadResult;
import org.lisiere.spi.NoRows;
import org.lisiere.spi.Progress;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TableInfo;
import org.lisiere.spi.TableName;

/** A DuckDB connection. A new JDBC statement per SQL statement: DuckDB closes a statement after any error. */
final class DuckDbSession implements EngineSession {
    private static final String TABLES_SQL = """
            SELECT table_schema, table_name, column_name, data_type
            FROM information_schema.columns
            WHERE table_catalog = current_database()
              AND table_schema NOT IN ('information_schema', 'pg_catalog')
            ORDER BY table_schema, table_name, ordinal_position""";

    private static final int PREPARED = 16;

    private final DuckDbEngine engine;
    /** Prepared statements by their text, least recently used first. */
    private final Map<String, DuckDBPreparedStatement> prepared = new LinkedHashMap<>(PREPARED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DuckDBPreparedStatement> eldest) {
            if (size() > PREPARED) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private final DuckDBConnection connection;
    private final AtomicReference<DuckDBPreparedStatement> running = new AtomicReference<>();

    DuckDbSession(DuckDbEngine engine, DuckDBConnection connection) {
        this.engine = requireNonNull(engine, "engine is null");
        this.connection = requireNonNull(connection, "connection is null");
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public QueryResult execute(String sql) {
        return run(newStatement(sql), sql, false, statement -> statement.execute(sql));
    }

    /**
     * Statements with parameters stay prepared, the most recently used {@value #PREPARED} of them, so that running
     * one again with other values skips parsing and planning (most of the time of a small query).
     */
    @Override
    public QueryResult execute(String sql, List<Object> parameters) {
        if (parameters.isEmpty()) {
            return execute(sql);
        }
        DuckDBPreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            try {
                statement = (DuckDBPreparedStatement) connection.prepareStatement(sql);
            } catch (SQLException e) {
                throw translate(e, sql);
            }
            prepared.put(sql, statement);
        }
        return run(statement, sql, true, kept -> {
            int expected = kept.getParameterMetaData().getParameterCount();
            if (expected != parameters.size()) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "The statement has " + expected
                        + " parameter" + (expected == 1 ? "" : "s") + " but " + parameters.size() + " value"
                        + (parameters.size() == 1 ? " was" : "s were") + " given");
            }
            for (int i = 0; i < parameters.size(); i++) {
                kept.setObject(i + 1, parameters.get(i));
            }
            return kept.execute();
        });
    }

    /** What runs a statement: true when it produced a result set. */
    private interface Execution {
        boolean run(DuckDBPreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code statement}; its result, when it has one, closes the statement, or only the result set of a statement
     * {@code kept} prepared (which a failure removes from the prepared ones).
     */
    private QueryResult run(DuckDBPreparedStatement statement, String sql, boolean kept, Execution execution) {
        boolean handedOver = false;
        try {
            running.set(statement);
            if (execution.run(statement)) {
                ResultSet resultSet = statement.getResultSet();
                handedOver = true;
                return new DuckDbQueryResult(kept ? resultSet : statement, resultSet, sql,
                        () -> running.compareAndSet(statement, null));
            }
            long count = statement.getLargeUpdateCount();
            return new NoRows(count >= 0 ? Optional.of(count) : Optional.empty());
        } catch (SQLException e) {
            if (kept) {
                prepared.remove(sql);
                closeQuietly(statement);
            }
            throw translate(e, sql);
        } finally {
            if (!handedOver) {
                running.compareAndSet(statement, null);
                if (!kept) {
                    closeQuietly(statement);
                }
            }
        }
    }

    /**
     * Prepares the query to learn its columns; reads it through DuckDB's data chunks when every column type allows,
     * else through the JDBC result set.
     */
    @Override
    public QueryResult scan(String query) {
        DuckDBPreparedStatement statement;
        try {
            statement = (DuckDBPreparedStatement) connection.prepareStatement(query);
        } catch (SQLException e) {
            throw translate(e, query);
        }
        boolean handedOver = false;
        try {
            running.set(statement);
            Runnable onClose = () -> running.compareAndSet(statement, null);
            DuckDBResultSetMetaData metaData = (DuckDBResultSetMetaData) statement.getMetaData();
            if (metaData.getReturnType() != StatementReturnType.QUERY_RESULT) {
                statement.close();
                return execute(query);
            }
            Schema schema = DuckDbQueryResult.schemaOf(metaData);
            if (DuckDbChunkedQueryResult.canRead(schema)) {
                DuckDBChunkedResult chunks = statement.query();
                handedOver = true;
                return new DuckDbChunkedQueryResult(statement, chunks, schema, query, onClose);
            }
            ResultSet resultSet = statement.executeQuery();
            handedOver = true;
            return new DuckDbQueryResult(statement, resultSet, query, onClose);
        } catch (SQLException e) {
            throw translate(e, query);
        } finally {
            if (!handedOver) {
                running.compareAndSet(statement, null);
                closeQuietly(statement);
            }
        }
    }

    /** Runs a statement without rows and returns its change count (0 when the engine reports none). */
    long update(String sql) {
        try (QueryResult result = execute(sql)) {
            return result.updateCount().orElse(0L);
        }
    }

    /**
     * Runs a statement without rows, cancellable and with progress, and reports DuckDB's own error: the loader
     * reads details (file line, column, value) from it that the translated message leaves out.
     */
    long updateRaw(String sql) throws SQLException {
        DuckDBPreparedStatement statement = newStatement(sql);
        try (statement) {
            running.set(statement);
            statement.execute(sql);
            return Math.max(0, statement.getLargeUpdateCount());
        } catch (SQLException e) {
            engine.noteFailure(e);
            throw e;
        } finally {
            running.compareAndSet(statement, null);
        }
    }

    /** The underlying connection, for prepared statements of the engine's own. */
    DuckDBConnection connection() {
        return connection;
    }

    /** Runs a query and hands its result set to {@code reader}; for the engine's own catalog queries. */
    <T> T query(String sql, SqlFunction<ResultSet, T> reader) {
        DuckDBPreparedStatement statement = newStatement(sql);
        try (statement; ResultSet resultSet = statement.executeQuery(sql)) {
            return reader.apply(resultSet);
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    private DuckDBPreparedStatement newStatement(String sql) {
        try {
            return (DuckDBPreparedStatement) connection.createStatement();
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    @Override
    public void registerFunction(FloatFunction function) {
        engine.registerFunction(function);
    }

    @Override
    public LoadResult load(LoadRequest request) {
        engine.requireCapability(request.format().capability(), "LOAD DATA from " + request.format().optionName());
        return new DuckDbLoader(this).load(request);
    }

    @Override
    public List<TableInfo> listTables() {
        return query(TABLES_SQL, DuckDbSession::readTables);
    }

    /** Whether table (or view) {@code name} exists, asked by a query of none of its rows. */
    boolean exists(TableName name) {
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT 1 FROM " + name.quoted() + " LIMIT 0")) {
            return true;
        } catch (SQLException e) {
            LisiereException error = DuckDbErrors.translate(e, "");
            if (error.code() == ErrorCode.UNKNOWN_OBJECT) {
                return false;
            }
            throw error;
        }
    }

    /** One catalog query for the table's columns (every load asks, so not a listing of every table). */
    @Override
    public Optional<TableInfo> findTable(TableName name) {
        String sql = TABLES_SQL.replace("ORDER BY", "AND lower(table_name) = lower(" + Sql.literal(name.table())
                + ") AND lower(table_schema) = lower(" + name.schema().map(Sql::literal).orElse("current_schema()")
                + ")\nORDER BY");
        return query(sql, DuckDbSession::readTables).stream().findFirst();
    }

    private static List<TableInfo> readTables(ResultSet rs) throws SQLException {
        List<TableInfo> tables = new ArrayList<>();
        String schema = null;
        String table = null;
        List<Column> columns = new ArrayList<>();
        while (rs.next()) {
            if (!rs.getString(1).equals(schema) || !rs.getString(2).equals(table)) {
                if (table != null) {
                    tables.add(new TableInfo(schema, table, new Schema(columns)));
                }
                schema = rs.getString(1);
                table = rs.getString(2);
                columns = new ArrayList<>();
            }
            columns.add(new Column(rs.getString(3), DuckDbTypes.dataType(rs.getString(4))));
        }
        if (table != null) {
            tables.add(new TableInfo(schema, table, new Schema(columns)));
        }
        return tables;
    }

    @Override
    public void cancel() {
        DuckDBPreparedStatement statement = running.get();
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // The statement finished between the check and the cancel: nothing left to cancel.
            }
        }
    }

    @Override
    public Optional<Progress> progress() {
        DuckDBPreparedStatement statement = running.get();
        if (statement == null) {
            return Optional.empty();
        }
        try {
            QueryProgress progress = statement.getQueryProgress();
            double percentage = progress.getPercentage();
            if (percentage < 0) {
                return Optional.empty();
            }
            return Optional.of(new Progress(Math.min(1.0, percentage / 100.0),
                    Math.max(0, progress.getRowsProcessed()), Math.max(0, progress.getTotalRowsToProcess())));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        prepared.values().forEach(DuckDbSession::closeQuietly);
        prepared.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, "");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing after a failure: the original error is what the user needs to see.
        }
    }

    /** A function that may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlFunction<A, B> {
        B apply(A a) throws SQLException;
    }

    /** The error for the caller; a FATAL error has invalidated the database, which the engine then opens anew. */
    private LisiereException translate(SQLException e, String sql) {
        engine.noteFailure(e);
        return DuckDbErrors.translate(e, sql);
    }
}
