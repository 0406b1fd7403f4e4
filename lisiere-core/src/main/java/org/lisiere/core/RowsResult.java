package org.lisiere.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ColumnVector;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * A small result held in memory and returned as one batch: one Lisière computes itself (SHOW MODELS), or one that
 * arrived from a server.
 */
public final class RowsResult implements QueryResult {
    private final Schema schema;
    private final List<Object[]> rows;
    private boolean read;

    /** @param rows one array of values per row, in column order */
    public RowsResult(Schema schema, List<Object[]> rows) {
        this.schema = requireNonNull(schema, "schema is null");
        this.rows = List.copyOf(requireNonNull(rows, "rows is null"));
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
        if (read || rows.isEmpty()) {
            return Optional.empty();
        }
        read = true;
        List<ColumnVector> columns = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = rows.get(r)[c];
            }
            columns.add(new ColumnVector(values));
        }
        return Optional.of(new Batch(schema, rows.size(), columns));
    }

    @Override
    public Optional<Long> updateCount() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // nothing held
    }
}
