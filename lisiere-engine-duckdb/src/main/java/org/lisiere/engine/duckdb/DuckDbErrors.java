package org.lisiere.engine.duckdb;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

/**
 * Translates DuckDB's error texts ({@code "Catalog Error: Table with name x does not exist!"}) into
 * {@link LisiereException}s with a stable code, a one-paragraph message and the position of the error.
 */
final class DuckDbErrors {
    private static final Pattern KIND = Pattern.compile("^([A-Za-z ]+?) Error: ", Pattern.DOTALL);
    private static final Pattern CONTEXT_LINE = Pattern.compile("^LINE (\\d+): (.*)$", Pattern.MULTILINE);
    private static final Map<String, ErrorCode> CODES_BY_KIND = Map.ofEntries(
            Map.entry("parser", ErrorCode.SYNTAX_ERROR),
            Map.entry("catalog", ErrorCode.UNKNOWN_OBJECT),
            Map.entry("binder", ErrorCode.INVALID_REFERENCE),
            Map.entry("conversion", ErrorCode.CONVERSION_ERROR),
            Map.entry("out of range", ErrorCode.CONVERSION_ERROR),
            Map.entry("constraint", ErrorCode.CONSTRAINT_VIOLATION),
            Map.entry("dependency", ErrorCode.CONSTRAINT_VIOLATION),
            Map.entry("invalid input", ErrorCode.INVALID_ARGUMENT),
            Map.entry("invalid type", ErrorCode.INVALID_ARGUMENT),
            Map.entry("invalid configuration", ErrorCode.INVALID_CONFIG),
            Map.entry("not implemented", ErrorCode.UNSUPPORTED_OPERATION),
            Map.entry("permission", ErrorCode.PERMISSION_DENIED),
            Map.entry("out of memory", ErrorCode.OUT_OF_MEMORY),
            Map.entry("interrupt", ErrorCode.CANCELLED),
            Map.entry("transaction", ErrorCode.TRANSACTION_CONFLICT),
            Map.entry("transactioncontext", ErrorCode.TRANSACTION_CONFLICT),
            Map.entry("io", ErrorCode.IO_ERROR),
            Map.entry("http", ErrorCode.IO_ERROR),
            Map.entry("sequence", ErrorCode.INVALID_ARGUMENT),
            Map.entry("mismatch type", ErrorCode.CONVERSION_ERROR));

    private DuckDbErrors() {}

    /**
     * @param statement the SQL text that failed, used to locate the error; empty when not from a statement
     */
    static LisiereException translate(SQLException e, String statement) {
        String text = Optional.ofNullable(e.getMessage()).orElse(e.toString());
        Matcher kind = KIND.matcher(text);
        String kindName = "";
        String body = text;
        if (kind.find()) {
            kindName = kind.group(1).toLowerCase(Locale.ROOT);
            body = text.substring(kind.end());
        }
        ErrorCode code = refine(CODES_BY_KIND.getOrDefault(kindName, ErrorCode.ENGINE_ERROR), body);
        String message = code == ErrorCode.CANCELLED ? "Statement cancelled" : firstParagraph(body);
        return new LisiereException(code, message, position(text, statement).orElse(null), e);
    }

    private static ErrorCode refine(ErrorCode code, String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        if (code == ErrorCode.UNKNOWN_OBJECT && lower.contains("already exists")) {
            return ErrorCode.ALREADY_EXISTS;
        }
        if (code == ErrorCode.INVALID_ARGUMENT && lower.contains("the configuration has been locked")) {
            return ErrorCode.PERMISSION_DENIED;
        }
        if (lower.contains("no space left on device")) {
            // whatever DuckDB was doing: writing data, its log, a checkpoint (which then invalidates the database)
            return ErrorCode.DISK_FULL;
        }
        if (code == ErrorCode.IO_ERROR) {
            if (lower.contains("could not set lock on file")) {
                return ErrorCode.DATA_DIRECTORY_LOCKED;
            }
            if (lower.contains("no files found") || lower.contains("no such file")) {
                return ErrorCode.FILE_NOT_FOUND;
            }
        }
        return code;
    }

    /** The message up to the first empty line or context line, joined into one line. */
    static String firstParagraph(String body) {
        StringBuilder result = new StringBuilder();
        for (String line : body.strip().split("\n")) {
            if (line.isBlank() || line.startsWith("LINE ")) {
                break;
            }
            if (result.length() > 0) {
                result.append(' ');
            }
            result.append(line.strip());
        }
        return result.toString();
    }

    /**
     * The position DuckDB marks with a caret under a {@code LINE n: ...} excerpt. DuckDB shortens long lines with
     * {@code ...}, so the excerpt is found in the statement to turn the caret into a real column.
     */
    static Optional<SourcePosition> position(String text, String statement) {
        Matcher context = CONTEXT_LINE.matcher(text);
        if (statement.isEmpty() || !context.find()) {
            return Optional.empty();
        }
        int lineNumber = Integer.parseInt(context.group(1));
        String excerpt = context.group(2);
        int prefix = context.group(0).length() - excerpt.length();
        int next = text.indexOf('\n', context.end());
        if (next < 0) {
            return Optional.empty();
        }
        String caretLine = text.substring(next + 1).lines().findFirst().orElse("");
        int caret = caretLine.indexOf('^') - prefix;
        List<String> lines = statement.lines().toList();
        if (caret < 0 || lineNumber > lines.size()) {
            return Optional.empty();
        }
        String sourceLine = lines.get(lineNumber - 1);
        int shift = 0;
        if (excerpt.startsWith("...")) {
            String visible = excerpt.substring(3);
            String probe = visible.substring(0, Math.min(visible.length(), 24)).replaceFirst("\\.\\.\\.$", "");
            int found = sourceLine.indexOf(probe);
            if (found < 0) {
                return Optional.empty();
            }
            shift = found - 3;
        }
        return Optional.of(new SourcePosition(lineNumber, Math.max(1, caret + shift + 1)));
    }
}
