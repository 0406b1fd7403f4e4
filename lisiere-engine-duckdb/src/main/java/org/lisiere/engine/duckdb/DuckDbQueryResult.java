package org.lisiere.engine.duckdb;

import static java.util.Objects.requireNonNull;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBStruct;
import org.lisiere.spi.Batch;
import org.lisiere.spi.Column;
import org.lisiere.spi.ColumnVector;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TypeFamily;

/**
 * Rows of a DuckDB result set, read in columnar batches. Closing it closes what it was given to close: the statement,
 * or only the result set of a statement the session keeps prepared.
 */
final class DuckDbQueryResult implements QueryResult {
    static final int BATCH_ROWS = 2048;

    private final AutoCloseable closing;
    private final ResultSet resultSet;
    private final Schema schema;
    /** Per column: how to read it, so that common primitive types skip the generic getObject path. */
    private final Reader[] readers;
    private final String sql;
    private final Runnable onClose;
    private boolean exhausted;

    DuckDbQueryResult(AutoCloseable closing, ResultSet resultSet, String sql, Runnable onClose) throws SQLException {
        this.closing = requireNonNull(closing, "closing is null");
        this.resultSet = requireNonNull(resultSet, "resultSet is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.onClose = requireNonNull(onClose, "onClose is null");
        this.schema = schemaOf(resultSet.getMetaData());
        this.readers = schema.columns().stream().map(c -> Reader.of(c.type().sqlName(), c.type().family()))
                .toArray(Reader[]::new);
    }

    static Schema schemaOf(ResultSetMetaData metaData) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            columns.add(new Column(metaData.getColumnName(i), DuckDbTypes.dataType(metaData.getColumnTypeName(i))));
        }
        return new Schema(columns);
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
        if (exhausted) {
            return Optional.empty();
        }
        int width = schema.size();
        Object[][] values = new Object[width][];
        double[][] doubles = new double[width][];
        long[][] longs = new long[width][];
        boolean[][] nulls = new boolean[width][];
        for (int c = 0; c < width; c++) {
            switch (readers[c]) {
                case DOUBLE -> doubles[c] = new double[BATCH_ROWS];
                case BIGINT -> longs[c] = new long[BATCH_ROWS];
                default -> values[c] = new Object[BATCH_ROWS];
            }
            nulls[c] = values[c] == null ? new boolean[BATCH_ROWS] : null;
        }
        int rows = 0;
        try {
            while (rows < BATCH_ROWS && resultSet.next()) {
                for (int c = 0; c < width; c++) {
                    int index = c + 1;
                    switch (readers[c]) {
                        case DOUBLE -> doubles[c][rows] = resultSet.getDouble(index);
                        case BIGINT -> longs[c][rows] = resultSet.getLong(index);
                        default -> values[c][rows] = read(c);
                    }
                    if (nulls[c] != null) {
                        nulls[c][rows] = resultSet.wasNull();
                    }
                }
                rows++;
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, sql);
        }
        if (rows < BATCH_ROWS) {
            exhausted = true;
            if (rows == 0) {
                return Optional.empty();
            }
        }
        List<ColumnVector> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            columns.add(doubles[c] != null ? ColumnVector.ofDoubles(doubles[c], nulls[c], rows)
                    : longs[c] != null ? ColumnVector.ofLongs(longs[c], nulls[c], rows)
                    : new ColumnVector(rows == BATCH_ROWS ? values[c] : Arrays.copyOf(values[c], rows)));
        }
        return Optional.of(new Batch(schema, rows, columns));
    }

    private Object read(int column) throws SQLException {
        int index = column + 1;
        Object value = switch (readers[column]) {
            case INTEGER -> resultSet.getInt(index);
            case VARCHAR -> resultSet.getString(index);
            case BINARY -> resultSet.getBytes(index);
            case DOUBLE, BIGINT, OTHER -> normalize(resultSet.getObject(index));
        };
        return resultSet.wasNull() ? null : value;
    }

    /** How a column is read from the JDBC result set. */
    private enum Reader {
        DOUBLE, BIGINT, INTEGER, VARCHAR, BINARY, OTHER;

        static Reader of(String sqlName, TypeFamily family) {
            if (family == TypeFamily.BINARY) {
                return BINARY;
            }
            return switch (sqlName) {
                case "DOUBLE" -> DOUBLE;
                case "BIGINT" -> BIGINT;
                case "INTEGER" -> INTEGER;
                case "VARCHAR" -> VARCHAR;
                default -> OTHER;
            };
        }
    }

    /** Turns JDBC and driver-specific objects into the plain Java values {@link ColumnVector} promises. */
    private static Object normalize(Object value) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof Array array) {
            Object[] elements = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>(elements.length);
            for (Object element : elements) {
                list.add(normalize(element));
            }
            return list;
        }
        if (value instanceof DuckDBStruct struct) {
            return normalizeMap(struct.getMap());
        }
        if (value instanceof Struct struct) {
            return Arrays.asList(struct.getAttributes());
        }
        if (value instanceof Map<?, ?> map) {
            return normalizeMap(map);
        }
        return value;
    }

    private static Map<Object, Object> normalizeMap(Map<?, ?> map) throws SQLException {
        Map<Object, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            result.put(normalize(entry.getKey()), normalize(entry.getValue()));
        }
        return result;
    }

    @Override
    public Optional<Long> updateCount() {
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            closing.close();
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            onClose.run();
        }
    }
}
