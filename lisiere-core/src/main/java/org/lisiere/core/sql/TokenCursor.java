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

    void expectSymbol(String symbol) {
        Token token = next("'" + symbol + "'");
        if (!token.isSymbol(symbol)) {
            throw unexpected(token, "'" + symbol + "'");
        }
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
