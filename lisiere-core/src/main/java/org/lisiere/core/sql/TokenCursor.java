package org.lisiere.core.sql;

import java.util.List;
import java.util.Optional;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

/** Walks the tokens of one statement for the recursive-descent parsers of Lisière's own statements. */
final class TokenCursor {
    private final List<Token> tokens;
    private final SourcePosition end;
    private int index;

    TokenCursor(ScriptStatement statement) {
        this.tokens = statement.tokens();
        Token last = tokens.get(tokens.size() - 1);
        this.end = new SourcePosition(last.position().line(), last.position().column() + last.text().length());
    }

    /** The text from the next token to the end of the statement. */
    String rest(ScriptStatement statement) {
        if (atEnd()) {
            throw error("Expected a query but the statement ended", end);
        }
        int from = tokens.get(index).offset() - statement.tokens().get(0).offset();
        index = tokens.size();
        return statement.text().substring(from);
    }

    /** The text of a parenthesized list, without its parentheses; the cursor stands on the opening one. */
    String parenthesized(ScriptStatement statement, String what) {
        Token open = next(what);
        if (!open.isSymbol("(")) {
            throw unexpected(open, "'(' to start " + what);
        }
        int depth = 1;
        while (true) {
            Token token = next("')' to close " + what);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")") && --depth == 0) {
                int base = statement.tokens().get(0).offset();
                return statement.text().substring(open.end() - base, token.offset() - base);
            }
        }
    }

    boolean atEnd() {
        return index >= tokens.size();
    }

    Optional<Token> peek() {
        return atEnd() ? Optional.empty() : Optional.of(tokens.get(index));
    }

    Token next(String expected) {
        if (atEnd()) {
            throw error("Expected " + expected + " but the statement ended", end);
        }
        return tokens.get(index++);
    }

    /** Consumes the word if it comes next. */
    boolean acceptWord(String word) {
        if (peek().filter(t -> t.isWord(word)).isPresent()) {
            index++;
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String symbol) {
        if (peek().filter(t -> t.isSymbol(symbol)).isPresent()) {
            index++;
            return true;
        }
        return false;
    }

    void expectWord(String word) {
        Token token = next(word);
        if (!token.isWord(word)) {
            throw unexpected(token, word);
        }
    }

    Token expectSymbol(String symbol) {
        Token token = next("'" + symbol + "'");
        if (!token.isSymbol(symbol)) {
            throw unexpected(token, "'" + symbol + "'");
        }
        return token;
    }

    /** An unquoted or quoted identifier, returned with quotes removed. */
    Token identifier(String what) {
        Token token = next(what);
        if (token.type() != TokenType.WORD && token.type() != TokenType.QUOTED_IDENTIFIER) {
            throw unexpected(token, what);
        }
        return token;
    }

    Token string(String what) {
        Token token = next(what);
        if (token.type() != TokenType.STRING && token.type() != TokenType.DOLLAR_STRING) {
            throw unexpected(token, what + " (a quoted string)");
        }
        return token;
    }

    void expectEnd() {
        peek().ifPresent(token -> {
            throw error("Unexpected '" + token.text() + "' after the end of the statement", token.position());
        });
    }

    LisiereException unexpected(Token token, String expected) {
        return error("Expected " + expected + " but found '" + token.text() + "'", token.position());
    }

    static LisiereException error(String message, SourcePosition position) {
        return new LisiereException(ErrorCode.SYNTAX_ERROR, message, position);
    }
}
