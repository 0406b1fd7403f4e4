package org.lisiere.engine.duckdb;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lisiere.spi.Column;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.LoadResult;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TableInfo;

/**
 * Runs {@code LOAD DATA} in one DuckDB transaction: the table is created, replaced or appended to only if every
 * row of the file reads, so a failure or a crash at any point leaves the table as it was (DuckDB's write-ahead log
 * keeps uncommitted rows out of the database on restart).
 */
final class DuckDbLoader {
    private final DuckDbSession session;

    DuckDbLoader(DuckDbSession session) {
        this.session = requireNonNull(session, "session is null");
    }

    LoadResult load(LoadRequest request) {
        checkReadable(request);
        Optional<TableInfo> existing = request.columns().isEmpty() ? session.findTable(request.table())
                : declaredIfExists(request);
        boolean replaceDefinition = existing.isEmpty() || (request.overwrite() && !request.columns().isEmpty());
        if (isEmpty(request) && !request.sameTransaction().isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, request.source() + ": the file is empty; a load"
                    + " that runs statements in its transaction needs rows");
        }
        if (isEmpty(request)) {
            return loadEmptyFile(request, existing, replaceDefinition);
        }
        FileScan scan = plan(request, existing);
        String table = request.table().quoted();
        List<String> statements = replaceDefinition
                ? List.of(create(existing) + table + " AS SELECT *" + constantValues(request) + " FROM "
                        + scan.expression())
                : request.overwrite()
                        ? List.of("DELETE FROM " + table, insert(table, scan, request))
                        : List.of(insert(table, scan, request));
        long rows = inTransaction(request, scan, statements);
        return new LoadResult(request.table(), rows, replaceDefinition);
    }

    /**
     * The table as the load declares it, if it exists: a load with declared columns reads only whether the table is
     * there, which a query of no rows tells sooner than the catalog (every batch of an edge site asks).
     */
    private Optional<TableInfo> declaredIfExists(LoadRequest request) {
        if (!session.exists(request.table())) {
            return Optional.empty();
        }
        List<Column> columns = request.columns().stream()
                .map(c -> new Column(c.name(), DuckDbTypes.dataType(c.type()))).toList();
        return Optional.of(new TableInfo(request.table().schema().orElse(""), request.table().table(),
                new Schema(columns)));
    }

    /** Plans the read; the sniffing queries read the file too, so their errors name file and line as well. */
    private FileScan plan(LoadRequest request, Optional<TableInfo> existing) {
        try {
            return request.format() == LoadFormat.CSV
                    ? CsvScans.plan(session, request, existing)
                    : TypedScans.plan(session, request, existing);
        } catch (LisiereException e) {
            if (e.getCause() instanceof SQLException cause) {
                FileScan unplanned = new FileScan("", List.of(), true);
                throw new LoadErrors(session, request, unplanned).translate(cause);
            }
            throw e;
        }
    }

    /** Replaces only a table the user asked to overwrite; one created meanwhile by another session fails the load. */
    private static String create(Optional<TableInfo> existing) {
        return existing.isPresent() ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ";
    }

    private static String insert(String table, FileScan scan, LoadRequest request) {
        String names = java.util.stream.Stream.concat(scan.columns().stream().map(c -> Sql.identifier(c.name())),
                request.constants().keySet().stream().map(Sql::identifier)).collect(Collectors.joining(", ", "(", ")"));
        return "INSERT INTO " + table + " " + names + " SELECT *" + constantValues(request) + " FROM "
                + scan.expression();
    }

    /** {@code , 'v' AS "k"} for each constant column. */
    private static String constantValues(LoadRequest request) {
        return request.constants().entrySet().stream().map(e -> ", " + Sql.literal(e.getValue()) + " AS "
                + Sql.identifier(e.getKey())).collect(Collectors.joining());
    }

    /** Runs the statements atomically and returns the rows the last one changed. */
    private long inTransaction(LoadRequest request, FileScan scan, List<String> statements) {
        try {
            session.updateRaw("BEGIN TRANSACTION");
            long rows = 0;
            for (String statement : statements) {
                rows = session.updateRaw(statement);
            }
            for (String statement : request.sameTransaction()) {
                session.updateRaw(statement);
            }
            session.updateRaw("COMMIT");
            return rows;
        } catch (SQLException e) {
            rollback();
            throw new LoadErrors(session, request, scan).translate(e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private void rollback() {
        try {
            session.updateRaw("ROLLBACK");
        } catch (SQLException e) {
            // DuckDB already aborted the transaction: nothing to undo.
        }
    }

    private LoadResult loadEmptyFile(LoadRequest request, Optional<TableInfo> existing, boolean replaceDefinition) {
        if (request.format() == LoadFormat.PARQUET) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT,
                    request.source() + ": the file is empty, not a Parquet file");
        }
        if (existing.isEmpty() && request.columns().isEmpty()) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, request.source()
                    + ": the file is empty, so there are no columns to infer; declare them with"
                    + " OPTIONS (schema = 'a BIGINT, b VARCHAR')");
        }
        String table = request.table().quoted();
        if (replaceDefinition) {
            String columns = request.columns().stream().map(c -> Sql.identifier(c.name()) + " " + c.type())
                    .collect(Collectors.joining(", "));
            session.update(create(existing) + table + " (" + columns + ")");
        } else if (request.overwrite()) {
            session.update("DELETE FROM " + table);
        }
        return new LoadResult(request.table(), 0, replaceDefinition);
    }

    private static boolean isEmpty(LoadRequest request) {
        try {
            return Files.size(request.source()) == 0;
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR,
                    "Cannot read '" + request.source() + "': " + e.getMessage(), e);
        }
    }

    private static void checkReadable(LoadRequest request) {
        if (!Files.exists(request.source())) {
            throw new LisiereException(ErrorCode.FILE_NOT_FOUND, "LOAD DATA: file '" + request.source()
                    + "' does not exist (resolved to " + request.source().toAbsolutePath() + ")");
        }
        if (!Files.isRegularFile(request.source()) || !Files.isReadable(request.source())) {
            throw new LisiereException(ErrorCode.FILE_NOT_FOUND,
                    "LOAD DATA: '" + request.source() + "' is not a readable file");
        }
    }
}
