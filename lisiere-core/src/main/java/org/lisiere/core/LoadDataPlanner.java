package org.lisiere.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lisiere.core.sql.LoadDataStatement;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.core.sql.SqlLexer;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.CsvOptions;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;

/** Validates the options of a {@code LOAD DATA} statement and turns it into an engine {@link LoadRequest}. */
final class LoadDataPlanner {
    private static final Set<String> OPTIONS = new TreeSet<>(
            List.of("format", "header", "delimiter", "quote", "null_marker", "schema"));

    private LoadDataPlanner() {}

    static LoadRequest plan(LoadDataStatement statement, FileAccess files) {
        Map<String, OptionValue> options = statement.options();
        for (OptionValue option : options.values()) {
            if (!OPTIONS.contains(option.name())) {
                throw new LisiereException(ErrorCode.INVALID_OPTION, "LOAD DATA: unknown option '" + option.name()
                        + "'; allowed: " + String.join(", ", OPTIONS), option.token().position());
            }
        }
        String pathText = statement.path().unquoted();
        Path path = files.resolve(pathText, "LOAD DATA", statement.path().position());
        LoadFormat format = Optional.ofNullable(options.get("format"))
                .map(LoadDataPlanner::format)
                .or(() -> LoadFormat.fromFileName(pathText))
                .orElseThrow(() -> new LisiereException(ErrorCode.INVALID_OPTION, "LOAD DATA: cannot tell the format"
                        + " of '" + pathText + "' from its extension; add OPTIONS (format = ...) with one of "
                        + LoadFormat.optionNames(), statement.path().position()));
        CsvOptions csv = new CsvOptions(
                Optional.ofNullable(options.get("header")).map(OptionValue::asBoolean),
                Optional.ofNullable(options.get("delimiter")).map(LoadDataPlanner::delimiter),
                Optional.ofNullable(options.get("quote")).map(LoadDataPlanner::singleCharacter),
                Optional.ofNullable(options.get("null_marker")).map(OptionValue::asString));
        List<ColumnDefinition> columns = Optional.ofNullable(options.get("schema"))
                .map(LoadDataPlanner::schema).orElse(List.of());
        return new LoadRequest(statement.table(), path, format, statement.overwrite(), columns, csv);
    }

    private static LoadFormat format(OptionValue value) {
        return LoadFormat.fromOptionName(value.asString())
                .orElseThrow(() -> value.invalid("one of " + LoadFormat.optionNames()));
    }

    private static String delimiter(OptionValue value) {
        String text = value.asString();
        if (text.equals("\\t") || text.equalsIgnoreCase("tab")) {
            return "\t";
        }
        return singleCharacter(value);
    }

    private static String singleCharacter(OptionValue value) {
        String text = value.asString();
        if (text.length() != 1) {
            throw value.invalid("a single character such as ',' (or '\\t' for tab)");
        }
        return text;
    }

    /** Parses {@code 'a BIGINT, b DECIMAL(10,2)'}: names are identifiers, types run to the next top-level comma. */
    static List<ColumnDefinition> schema(OptionValue value) {
        String text = value.asString();
        List<ColumnDefinition> columns = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token token : SqlLexer.tokenize(text)) {
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            }
            if (token.isSymbol(",") && depth == 0) {
                columns.add(column(value, text, current));
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        columns.add(column(value, text, current));
        return columns;
    }

    private static ColumnDefinition column(OptionValue value, String text, List<Token> tokens) {
        if (tokens.size() < 2 || (tokens.get(0).type() != TokenType.WORD
                && tokens.get(0).type() != TokenType.QUOTED_IDENTIFIER)) {
            String item = tokens.isEmpty() ? "" : text.substring(tokens.get(0).offset(),
                    tokens.get(tokens.size() - 1).end());
            throw new LisiereException(ErrorCode.INVALID_OPTION, "Option 'schema': '" + item + "' is not a column"
                    + " definition; expected 'name TYPE, ...' such as 'id BIGINT, amount DOUBLE'",
                    value.token().position());
        }
        String type = text.substring(tokens.get(1).offset(), tokens.get(tokens.size() - 1).end());
        return new ColumnDefinition(tokens.get(0).unquoted(), type);
    }
}
