package org.lisiere.engine.duckdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;

/**
 * Turns DuckDB's reader errors into messages that name the file, the line, the column and the value, such as
 * {@code pay.csv:7778: column 'amount': 'notanumber' is not a DOUBLE}. Where DuckDB does not say which column
 * failed (JSON, Parquet), the failing row is examined to find it.
 */
final class LoadErrors {
    private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final Pattern CSV_CONVERSION = Pattern.compile(
            "Error when converting column \"(.*?)\"\\. Could not convert string \"(.*?)\" to '(.*?)'");
    private static final Pattern CSV_WIDTH = Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)");
    private static final Pattern JSON_TRANSFORM = Pattern.compile(
            "JSON transform error in file \".*?\", in line (\\d+): (.*)");
    private static final Pattern JSON_MALFORMED = Pattern.compile(
            "Malformed JSON in file \".*?\", at byte \\d+ in line (\\d+): (.*)");
    private static final String SCHEMA_HINT =
            " (type inferred from the start of the file; declare the columns with OPTIONS (schema = '...'))";

    private final DuckDbSession session;
    private final LoadRequest request;
    private final FileScan scan;

    LoadErrors(DuckDbSession session, LoadRequest request, FileScan scan) {
        this.session = session;
        this.request = request;
        this.scan = scan;
    }

    LisiereException translate(SQLException e) {
        String text = Optional.ofNullable(e.getMessage()).orElse("");
        String file = request.source().toString();
        Matcher line = CSV_LINE.matcher(text);
        if (line.find()) {
            return malformed(file + ":" + line.group(1) + ": " + csvReason(text), e);
        }
        Matcher transform = JSON_TRANSFORM.matcher(text);
        if (transform.find()) {
            long lineNumber = Long.parseLong(transform.group(1));
            String reason = jsonColumnReason(lineNumber).orElse(transform.group(2).strip());
            return malformed(file + ":" + lineNumber + ": " + reason, e);
        }
        Matcher malformedJson = JSON_MALFORMED.matcher(text);
        if (malformedJson.find()) {
            return malformed(file + ":" + malformedJson.group(1) + ": malformed JSON: "
                    + malformedJson.group(2).strip(), e);
        }
        if (text.startsWith("Conversion Error") && request.format() == LoadFormat.PARQUET) {
            Optional<String> row = parquetConversion();
            if (row.isPresent()) {
                return malformed(file + ": " + row.get(), e);
            }
        }
        LisiereException generic = DuckDbErrors.translate(e, "");
        if (generic.code() == ErrorCode.CANCELLED) {
            return new LisiereException(ErrorCode.CANCELLED,
                    "LOAD DATA cancelled; table " + request.table() + " is unchanged", e);
        }
        return new LisiereException(generic.code(), file + ": " + generic.getMessage(), e);
    }

    private String csvReason(String text) {
        Matcher conversion = CSV_CONVERSION.matcher(text);
        if (conversion.find()) {
            return valueReason(conversion.group(1), conversion.group(2), conversion.group(3));
        }
        Matcher width = CSV_WIDTH.matcher(text);
        if (width.find()) {
            return "expected " + width.group(1) + " columns but found " + width.group(2);
        }
        if (text.contains("Invalid unicode")) {
            return "invalid UTF-8 byte sequence (the file must be UTF-8 encoded)";
        }
        if (text.contains("unterminated quote")) {
            return "value with unterminated quote";
        }
        return DuckDbErrors.firstParagraph(text.substring(text.indexOf('\n') + 1).lines()
                .filter(l -> !l.startsWith("Original Line")).reduce("", (a, b) -> a + "\n" + b));
    }

    private String valueReason(String column, String value, String type) {
        return "column '" + column + "': '" + value + "' is not a " + type + (scan.typesInferred() ? SCHEMA_HINT : "");
    }

    /** Finds the first column of the JSON record on {@code lineNumber} whose value does not cast to its type. */
    private Optional<String> jsonColumnReason(long lineNumber) {
        Optional<String> record = readLine(lineNumber);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        String probe = "SELECT v FROM (SELECT json_extract_string(?::JSON, ?) AS v) "
                + "WHERE v IS NOT NULL AND TRY_CAST(v AS %s) IS NULL";
        for (ColumnDefinition column : scan.columns()) {
            try (PreparedStatement statement = session.connection().prepareStatement(
                    String.format(probe, column.type()))) {
                statement.setString(1, record.get());
                statement.setString(2, "$.\"" + column.name().replace("\"", "\\\"") + "\"");
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(valueReason(column.name(), rs.getString(1), column.type()));
                    }
                }
            } catch (SQLException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Optional<String> readLine(long lineNumber) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(request.source()), decoder))) {
            String line = null;
            for (long i = 0; i < lineNumber; i++) {
                line = reader.readLine();
                if (line == null) {
                    return Optional.empty();
                }
            }
            return Optional.ofNullable(line).map(l -> l.strip().replaceFirst(",$", ""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Finds the first Parquet row (1-based) whose value does not cast to the declared type. */
    private Optional<String> parquetConversion() {
        String reader = TypedScans.reader(request) + ", file_row_number = true)";
        for (ColumnDefinition column : scan.columns()) {
            String name = Sql.identifier(column.name());
            String sql = "SELECT file_row_number + 1, CAST(" + name + " AS VARCHAR) FROM " + reader
                    + " WHERE " + name + " IS NOT NULL AND TRY_CAST(" + name + " AS " + column.type()
                    + ") IS NULL ORDER BY file_row_number LIMIT 1";
            Optional<String> reason = session.query(sql, rs -> rs.next()
                    ? Optional.of("row " + rs.getLong(1) + ": " + valueReason(column.name(), rs.getString(2),
                            column.type()))
                    : Optional.<String>empty());
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    private static LisiereException malformed(String message, SQLException cause) {
        return new LisiereException(ErrorCode.MALFORMED_INPUT, message, cause);
    }
}
