package org.lisiere.core.sql;

import java.util.ArrayList;
import java.util.List;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Splits a script into statements at semicolons outside quotes, dollar quotes and comments, keeping the line and
 * column where each statement starts so that errors point into the script.
 */
public final class SqlSplitter {
    private SqlSplitter() {}

    /**
     * The statements of {@code script}; a last statement without a semicolon counts. Empty statements are skipped.
     *
     * @throws LisiereException with {@link ErrorCode#SYNTAX_ERROR} when a quote or comment is never closed
     */
    public static List<ScriptStatement> split(String script) {
        List<Token> tokens = SqlLexer.tokenize(script);
        List<ScriptStatement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens) {
            if (token.type() == TokenType.UNTERMINATED) {
                throw new LisiereException(ErrorCode.SYNTAX_ERROR,
                        "Unterminated " + describe(token) + " starting here", token.position());
            }
            if (token.isSymbol(";")) {
                add(script, current, statements);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        add(script, current, statements);
        return statements;
    }

    /**
     * Whether {@code text} ends a statement: its last token is a semicolon outside any quote or comment. The
     * shell keeps reading lines until this holds.
     */
    public static boolean isComplete(String text) {
        List<Token> tokens = SqlLexer.tokenize(text);
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).isSymbol(";");
    }

    private static void add(String script, List<Token> tokens, List<ScriptStatement> statements) {
        if (tokens.isEmpty()) {
            return;
        }
        Token first = tokens.get(0);
        Token last = tokens.get(tokens.size() - 1);
        statements.add(new ScriptStatement(statements.size() + 1, script.substring(first.offset(), last.end()),
                first.position(), tokens));
    }

    private static String describe(Token token) {
        String text = token.text();
        if (text.startsWith("/*")) {
            return "comment";
        }
        if (text.startsWith("\"")) {
            return "quoted identifier";
        }
        return text.startsWith("$") ? "dollar-quoted string" : "string";
    }
}
