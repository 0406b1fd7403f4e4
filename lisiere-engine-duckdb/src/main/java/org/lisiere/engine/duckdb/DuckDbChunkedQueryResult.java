package org.lisiere.engine.duckdb;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ColumnVector;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * The rows of a query read chunk by chunk through DuckDB's data chunk interface, straight from its vectors: about
 * twice as fast as the JDBC result set for bulk numeric reads. Only for results whose every column has a type listed
 * in {@link #READABLE}, with the same values as {@link DuckDbQueryResult} gives. Closing it closes the statement.
 */
final class DuckDbChunkedQueryResult implements QueryResult {
    /** The column types this reader hands over exactly as the JDBC result set does. */
    static final Set<String> READABLE = Set.of("DOUBLE", "BIGINT", "INTEGER", "BOOLEAN", "VARCHAR");

    private final DuckDBPreparedStatement statement;
    private final DuckDBChunkedResult chunks;
    private final Schema schema;
    private final String sql;
    private final Runnable onClose;

    DuckDbChunkedQueryResult(DuckDBPreparedStatement statement, DuckDBChunkedResult chunks, Schema schema, String sql,
            Runnable onClose) {
        this.statement = requireNonNull(statement, "statement is null");
        this.chunks = requireNonNull(chunks, "chunks is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.onClose = requireNonNull(onClose, "onClose is null");
    }

    static boolean canRead(Schema schema) {
        return schema.columns().stream().allMatch(column -> READABLE.contains(column.type().sqlName()));
    }

    @Override
    public boolean hasRows() {
        return true;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> nextBatch() {
        while (chunks.nextChunk()) {
            DuckDBDataChunkReader chunk = chunks.chunk();
            int rows = Math.toIntExact(chunk.rowCount());
            if (rows == 0) {
                continue;
            }
            List<ColumnVector> columns = new ArrayList<>(schema.size());
            for (int c = 0; c < schema.size(); c++) {
                columns.add(read(chunk.vector(c), schema.column(c).type().sqlName(), rows));
            }
            return Optional.of(new Batch(schema, rows, columns));
        }
        return Optional.empty();
    }

    private static ColumnVector read(DuckDBReadableVector vector, String type, int rows) {
        boolean[] nulls = new boolean[rows];
        boolean anyNull = VectorBuffers.nulls(vector, nulls, rows);
        switch (type) {
            case "DOUBLE" -> {
                double[] values = new double[rows];
                VectorBuffers.doubles(vector, values, nulls, anyNull, rows);
                return ColumnVector.ofDoubles(values, nulls, rows);
            }
            case "BIGINT" -> {
                long[] values = new long[rows];
                VectorBuffers.longs(vector, values, nulls, rows);
                return ColumnVector.ofLongs(values, nulls, rows);
            }
            default -> {
                Object[] values = new Object[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = nulls[r] ? null : switch (type) {
                        case "INTEGER" -> vector.getInt(r);
                        case "BOOLEAN" -> vector.getBoolean(r);
                        case "VARCHAR" -> vector.getString(r);
                        default -> throw new IllegalStateException("not a readable type: " + type);
                    };
                }
                return new ColumnVector(values);
            }
        }
    }

    @Override
    public Optional<Long> updateCount() {
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            chunks.close();
            statement.close();
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, sql);
        } finally {
            onClose.run();
        }
    }
}
