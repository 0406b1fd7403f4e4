package org.lisiere.engine.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.TableInfo;

/**
 * Plans a strict CSV read: the dialect and types are sniffed once, then the file is read with
 * {@code auto_detect=false} so that a ragged row or a bad value anywhere fails with its line.
 */
final class CsvScans {
    private static final String DELIMITER_CANDIDATES = ",;|\t";
    private static final int FIRST_LINE_LIMIT = 1 << 16;

    private CsvScans() {}

    static FileScan plan(DuckDbSession session, LoadRequest request, Optional<TableInfo> existing) {
        String path = request.source().toAbsolutePath().toString();
        String delimiter = request.csv().delimiter().orElseGet(() -> detectDelimiter(request.source()));
        Dialect dialect = sniff(session, path, delimiter, request);
        List<ColumnDefinition> columns = ColumnResolver.resolve(request, dialect.columns(), existing,
                !dialect.header());
        StringBuilder sql = new StringBuilder("read_csv(").append(Sql.literal(path))
                .append(", auto_detect = false, strict_mode = true")
                .append(", header = ").append(dialect.header())
                .append(", delim = ").append(Sql.literal(delimiter))
                .append(", quote = ").append(Sql.literal(dialect.quote()))
                .append(", escape = ").append(Sql.literal(dialect.escape()))
                .append(", columns = ").append(Sql.columnsStruct(columns));
        request.csv().nullString().ifPresent(n -> sql.append(", nullstr = ").append(Sql.literal(n)));
        dialect.dateFormat().ifPresent(f -> sql.append(", dateformat = ").append(Sql.literal(f)));
        dialect.timestampFormat().ifPresent(f -> sql.append(", timestampformat = ").append(Sql.literal(f)));
        sql.append(')');
        boolean inferred = request.columns().isEmpty() && existing.isEmpty();
        return new FileScan(sql.toString(), columns, inferred);
    }

    /** The candidate that occurs most often outside quotes in the first line; a comma when none occurs. */
    static String detectDelimiter(Path file) {
        String firstLine = firstLine(file);
        int[] counts = new int[DELIMITER_CANDIDATES.length()];
        boolean quoted = false;
        for (char c : firstLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && DELIMITER_CANDIDATES.indexOf(c) >= 0) {
                counts[DELIMITER_CANDIDATES.indexOf(c)]++;
            }
        }
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return String.valueOf(DELIMITER_CANDIDATES.charAt(best));
    }

    private static String firstLine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(FIRST_LINE_LIMIT);
            String text = new String(head, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return end < 0 ? text : text.substring(0, end);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static Dialect sniff(DuckDbSession session, String path, String delimiter, LoadRequest request) {
        StringBuilder options = new StringBuilder(", delim = ").append(Sql.literal(delimiter));
        request.csv().header().ifPresent(h -> options.append(", header = ").append(h));
        request.csv().quote().ifPresent(q -> options.append(", quote = ").append(Sql.literal(q)));
        request.csv().nullString().ifPresent(n -> options.append(", nullstr = ").append(Sql.literal(n)));
        String base = "SELECT Quote, Escape, HasHeader, Columns, DateFormat, TimestampFormat FROM sniff_csv("
                + Sql.literal(path) + options;
        try {
            return session.query(base + ")", CsvScans::readDialect);
        } catch (LisiereException strictFailure) {
            // A ragged row or a bad byte in the sample: sniff around it, the strict read reports it by line.
            return session.query(base + ", ignore_errors = true)", CsvScans::readDialect);
        }
    }

    private static Dialect readDialect(ResultSet rs) throws SQLException {
        rs.next();
        String quote = emptyMarker(rs.getString(1)).orElse("\"");
        String escape = emptyMarker(rs.getString(2)).orElse(quote);
        List<ColumnDefinition> columns = new ArrayList<>();
        Array array = rs.getArray(4);
        for (Object element : (Object[]) array.getArray()) {
            Map<String, Object> column = ((org.duckdb.DuckDBStruct) element).getMap();
            columns.add(new ColumnDefinition((String) column.get("name"), (String) column.get("type")));
        }
        return new Dialect(quote, escape, rs.getBoolean(3), columns,
                emptyMarker(rs.getString(5)), emptyMarker(rs.getString(6)));
    }

    /** The sniffer writes {@code (empty)} for an unset character and NULL for an unset format. */
    private static Optional<String> emptyMarker(String value) {
        return value == null || value.isEmpty() || value.equals("(empty)") ? Optional.empty() : Optional.of(value);
    }

    private record Dialect(String quote, String escape, boolean header, List<ColumnDefinition> columns,
            Optional<String> dateFormat, Optional<String> timestampFormat) {}
}
