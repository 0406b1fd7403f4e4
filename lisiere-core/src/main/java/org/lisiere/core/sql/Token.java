package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import org.lisiere.spi.SourcePosition;

/**
 * A lexical token of SQL text.
 *
 * @param type the kind of token
 * @param text the token exactly as written, quotes included
 * @param offset the index of its first character in the text
 * @param position its line and column
 */
public record Token(TokenType type, String text, int offset, SourcePosition position) {
    public Token {
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
        requireNonNull(position, "position is null");
    }

    /** The offset just past the token. */
    public int end() {
        return offset + text.length();
    }

    /** Whether this is the keyword or word {@code word}, compared case-insensitively. */
    public boolean isWord(String word) {
        return type == TokenType.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
        return type == TokenType.SYMBOL && text.equals(symbol);
    }

    /** The value of a string literal or quoted identifier, without its quotes and with escapes undone. */
    public String unquoted() {
        return switch (type) {
            case STRING -> text.substring(1, text.length() - 1).replace("''", "'");
            case QUOTED_IDENTIFIER -> text.substring(1, text.length() - 1).replace("\"\"", "\"");
            case DOLLAR_STRING -> {
                int tagEnd = text.indexOf('$', 1) + 1;
                yield text.substring(tagEnd, text.length() - tagEnd);
            }
            default -> text;
        };
    }
}
