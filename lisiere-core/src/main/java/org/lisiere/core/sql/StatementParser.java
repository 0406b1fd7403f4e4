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
        Optional<FleetStatement> fleet = FleetParser.parse(statement);
        if (fleet.isPresent()) {
            return fleet.get();
        }
        TokenCursor cursor = new TokenCursor(statement);
        if (cursor.acceptWord("LOAD") && cursor.acceptWord("DATA")) {
            return parseLoadData(cursor);
        }
        TokenCursor model = new TokenCursor(statement);
        if (model.acceptWord("CREATE")) {
            boolean orReplace = model.acceptWord("OR") && expectReplace(model);
            if (model.acceptWord("MODEL")) {
                return parseCreateModel(model, statement, orReplace);
            }
        }
        TokenCursor other = new TokenCursor(statement);
        if (other.acceptWord("DROP") && other.acceptWord("MODEL")) {
            return parseDropModel(other);
        }
        other = new TokenCursor(statement);
        if (other.acceptWord("DESCRIBE") && other.acceptWord("MODEL")) {
            String name = modelName(other);
            other.expectEnd();
            return new DescribeModelStatement(name);
        }
        other = new TokenCursor(statement);
        if (other.acceptWord("ALTER") && other.acceptWord("MODEL")) {
            String name = modelName(other);
            other.expectWord("SET");
            other.expectWord("ACTIVE");
            other.expectWord("VERSION");
            int version = versionNumber(other);
            other.expectEnd();
            return new AlterModelStatement(name, version);
        }
        other = new TokenCursor(statement);
        if (other.acceptWord("EXPORT") && other.acceptWord("MODEL")) {
            String name = modelName(other);
            Optional<Integer> version = Optional.empty();
            if (other.acceptWord("VERSION")) {
                version = Optional.of(versionNumber(other));
            }
            other.expectWord("TO");
            Token path = other.string("the export path");
            Map<String, OptionValue> options = Map.of();
            if (other.acceptWord("OPTIONS")) {
                options = options(other);
            }
            other.expectEnd();
            return new ExportModelStatement(name, version, path, options);
        }
        other = new TokenCursor(statement);
        if (other.acceptWord("SHOW") && other.acceptWord("MODELS")) {
            other.expectEnd();
            return new ShowModelsStatement();
        }
        return new EngineStatement(statement.text());
    }

    private static boolean expectReplace(TokenCursor cursor) {
        cursor.expectWord("REPLACE");
        return true;
    }

    private static CreateModelStatement parseCreateModel(TokenCursor cursor, ScriptStatement statement,
            boolean orReplace) {
        boolean ifNotExists = cursor.acceptWord("IF");
        if (ifNotExists) {
            cursor.expectWord("NOT");
            cursor.expectWord("EXISTS");
        }
        if (orReplace && ifNotExists) {
            throw TokenCursor.error("CREATE OR REPLACE MODEL and IF NOT EXISTS cannot be combined",
                    statement.start());
        }
        String name = modelName(cursor);
        Optional<String> transform = Optional.empty();
        if (cursor.acceptWord("TRANSFORM")) {
            transform = Optional.of(cursor.parenthesized(statement, "the TRANSFORM list"));
        }
        cursor.expectWord("OPTIONS");
        Map<String, OptionValue> options = options(cursor);
        if (cursor.atEnd()) {
            return new CreateModelStatement(name, orReplace, ifNotExists, transform, options, Optional.empty());
        }
        cursor.expectWord("AS");
        return new CreateModelStatement(name, orReplace, ifNotExists, transform, options,
                Optional.of(cursor.rest(statement)));
    }

    private static DropModelStatement parseDropModel(TokenCursor cursor) {
        boolean ifExists = cursor.acceptWord("IF");
        if (ifExists) {
            cursor.expectWord("EXISTS");
        }
        String name = modelName(cursor);
        Optional<Integer> version = Optional.empty();
        if (cursor.acceptWord("VERSION")) {
            version = Optional.of(versionNumber(cursor));
        }
        cursor.expectEnd();
        return new DropModelStatement(name, ifExists, version);
    }

    static int versionNumber(TokenCursor cursor) {
        Token number = cursor.next("a version number");
        if (number.type() != TokenType.NUMBER || !number.text().matches("[1-9][0-9]{0,8}")) {
            throw cursor.unexpected(number, "a version number such as 2");
        }
        return Integer.parseInt(number.text());
    }

    /** A model name: an identifier, optionally qualified by a schema ({@code sales.churn}). */
    static String modelName(TokenCursor cursor) {
        return tableName(cursor).toString();
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

    /**
     * The arguments of a function-call value such as {@code HPARAM_RANGE(0, 10)} or
     * {@code HPARAM_CANDIDATES([0.1, 1])}: every token up to the closing parenthesis, commas and brackets included.
     */
    private static void callArguments(TokenCursor cursor, java.util.List<Token> elements) {
        int depth = 1;
        while (true) {
            Token token = cursor.next("')' to close the call");
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")") && --depth == 0) {
                return;
            }
            elements.add(token);
        }
    }

    /** The rest of {@code STRUCT(value, value)} in an array option, its tokens appended to {@code elements}. */
    private static void structElement(TokenCursor cursor, java.util.List<Token> elements) {
        elements.add(cursor.expectSymbol("("));
        do {
            Token field = cursor.next("a STRUCT field");
            if (field.isSymbol("-")) {
                Token number = cursor.next("a number");
                field = new Token(TokenType.NUMBER, "-" + number.text(), field.offset(), field.position());
            }
            elements.add(field);
        } while (cursor.acceptSymbol(","));
        elements.add(cursor.expectSymbol(")"));
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
            java.util.List<Token> elements = new java.util.ArrayList<>();
            if (value.isSymbol("-")) {
                Token number = cursor.next("a number");
                value = new Token(TokenType.NUMBER, "-" + number.text(), value.offset(), value.position());
            } else if (value.type() == TokenType.WORD && cursor.acceptSymbol("(")) {
                callArguments(cursor, elements);
            } else if (value.isSymbol("[") && !cursor.acceptSymbol("]")) {
                do {
                    Token element = cursor.next("an array element");
                    elements.add(element);
                    if (element.isWord("STRUCT")) {
                        structElement(cursor, elements);
                    } else if (element.isSymbol("-")) {
                        Token number = cursor.next("a number");
                        elements.set(elements.size() - 1, new Token(TokenType.NUMBER, "-" + number.text(),
                                element.offset(), element.position()));
                    }
                } while (cursor.acceptSymbol(","));
                cursor.expectSymbol("]");
            }
            if (options.put(key, new OptionValue(key, value, elements)) != null) {
                throw new LisiereException(ErrorCode.INVALID_OPTION, "Option '" + key + "' is given twice",
                        name.position());
            }
        } while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        return options;
    }
}
