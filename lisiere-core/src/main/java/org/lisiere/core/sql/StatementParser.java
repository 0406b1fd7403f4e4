package org.lisiere.core.sql;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TableName;

/**
 * Recognizes Lisière's own statements by their leading words; everything else is engine SQL. The ML statements of
 * later versions hook in here.
 */
public final class StatementParser {
    private StatementParser() {}

    public static ParsedStatement parse(ScriptStatement statement) {
        TokenCursor cursor = new TokenCursor(statement);
        if (cursor.acceptWord("LOAD") && cursor.acceptWord("DATA")) {
            return parseLoadData(cursor);
        }
        return new EngineStatement(statement.text());
    }

    private static LoadDataStatement parseLoadData(TokenCursor cursor) {
        boolean overwrite = cursor.acceptWord("OVERWRITE");
        cursor.expectWord("INTO");
        TableName table = tableName(cursor);
        cursor.expectWord("FROM");
        Token path = cursor.string("the file path");
        Map<String, OptionValue> options = Map.of();
        if (cursor.acceptWord("OPTIONS")) {
            options = options(cursor);
        }
        cursor.expectEnd();
        return new LoadDataStatement(table, path, overwrite, options);
    }

    static TableName tableName(TokenCursor cursor) {
        String first = cursor.identifier("a table name").unquoted();
        if (cursor.acceptSymbol(".")) {
            return new TableName(Optional.of(first), cursor.identifier("a table name").unquoted());
        }
        return TableName.of(first);
    }

    /** {@code ( name = value [, ...] )}; names are case-insensitive and may appear once. */
    static Map<String, OptionValue> options(TokenCursor cursor) {
        cursor.expectSymbol("(");
        Map<String, OptionValue> options = new LinkedHashMap<>();
        if (cursor.acceptSymbol(")")) {
            return options;
        }
        do {
            Token name = cursor.identifier("an option name");
            String key = name.unquoted().toLowerCase(Locale.ROOT);
            cursor.expectSymbol("=");
            Token value = cursor.next("a value for option '" + key + "'");
            if (value.isSymbol("-")) {
                Token number = cursor.next("a number");
                value = new Token(TokenType.NUMBER, "-" + number.text(), value.offset(), value.position());
            }
            if (options.put(key, new OptionValue(key, value)) != null) {
                throw new LisiereException(ErrorCode.INVALID_OPTION, "Option '" + key + "' is given twice",
                        name.position());
            }
        } while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        return options;
    }
}
