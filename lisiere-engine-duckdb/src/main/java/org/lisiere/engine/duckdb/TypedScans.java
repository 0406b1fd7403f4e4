package org.lisiere.engine.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.TableInfo;

/** Plans reads of self-describing formats (JSON, NDJSON, Parquet): the file names its columns. */
final class TypedScans {
    private TypedScans() {}

    static FileScan plan(DuckDbSession session, LoadRequest request, Optional<TableInfo> existing) {
        String reader = reader(request);
        // declared columns need no sniffing of the file, which would parse it a first time
        List<ColumnDefinition> fileColumns = request.columns().isEmpty() ? session.query("DESCRIBE SELECT * FROM "
                + reader + ")", TypedScans::readColumns) : List.of();
        List<ColumnDefinition> columns = ColumnResolver.resolve(request, fileColumns, existing, false);
        if (request.format() != LoadFormat.PARQUET && request.columns().isEmpty() && existing.isPresent()) {
            // JSON keys are sampled: read every column of the table, so that one whose key first appears deep in
            // the file is still loaded (absent keys read as NULL).
            columns = existing.get().columns().columns().stream()
                    .map(c -> new ColumnDefinition(c.name(), c.type().sqlName())).toList();
        }
        boolean inferred = request.columns().isEmpty() && existing.isEmpty();
        if (request.format() == LoadFormat.PARQUET) {
            String casts = columns.stream()
                    .map(c -> "CAST(" + Sql.identifier(c.name()) + " AS " + c.type() + ") AS "
                            + Sql.identifier(c.name()))
                    .collect(Collectors.joining(", "));
            return new FileScan("(SELECT " + casts + " FROM " + reader + "))", columns, inferred);
        }
        return new FileScan(reader + ", columns = " + Sql.columnsStruct(columns) + ")", columns, inferred);
    }

    /** The reader call without its closing parenthesis, so that options can be appended. */
    static String reader(LoadRequest request) {
        String path = Sql.literal(request.source().toAbsolutePath().toString());
        return switch (request.format()) {
            case PARQUET -> "read_parquet(" + path;
            case NDJSON -> "read_json(" + path + ", format = 'newline_delimited'";
            case JSON -> "read_json(" + path + ", format = 'auto'";
            case CSV -> throw new IllegalArgumentException("CSV is planned by CsvScans");
        };
    }

    private static List<ColumnDefinition> readColumns(ResultSet rs) throws SQLException {
        List<ColumnDefinition> columns = new ArrayList<>();
        while (rs.next()) {
            columns.add(new ColumnDefinition(rs.getString("column_name"), rs.getString("column_type")));
        }
        return columns;
    }
}
