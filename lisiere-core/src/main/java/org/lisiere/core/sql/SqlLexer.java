package org.lisiere.core.sql;

import java.util.ArrayList;
import java.util.List;
import org.lisiere.spi.SourcePosition;

/**
 * Splits SQL text into tokens, skipping whitespace and comments ({@code --} to end of line, nested
 * {@code /* *}{@code /}), and keeping the line and column of every token. Quotes are single ({@code 'it''s'}),
 * double for identifiers, and dollar quotes ({@code $$...$$}, {@code $tag$...$tag$}).
 */
public final class SqlLexer {
    private final String text;
    private int offset;
    private int line = 1;
    private int column = 1;

    private SqlLexer(String text) {
        this.text = text;
    }

    /** All tokens of {@code text}; an unterminated quote or comment ends the list as an UNTERMINATED token. */
    public static List<Token> tokenize(String text) {
        return new SqlLexer(text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (offset >= text.length()) {
                return tokens;
            }
            Token token = next();
            tokens.add(token);
            if (token.type() == TokenType.UNTERMINATED) {
                return tokens;
            }
        }
    }

    private void skipSpaceAndComments() {
        while (offset < text.length()) {
            char c = text.charAt(offset);
            if (Character.isWhitespace(c)) {
                advance(1);
            } else if (text.startsWith("--", offset)) {
                int end = text.indexOf('\n', offset);
                advance((end < 0 ? text.length() : end) - offset);
            } else if (text.startsWith("/*", offset)) {
                int end = blockCommentEnd();
                if (end < 0) {
                    return; // reported as an UNTERMINATED token by next()
                }
                advance(end - offset);
            } else {
                return;
            }
        }
    }

    /** The offset after the block comment starting here, or -1 when it never closes. */
    private int blockCommentEnd() {
        int depth = 0;
        int i = offset;
        while (i < text.length() - 1) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    private Token next() {
        char c = text.charAt(offset);
        int end;
        TokenType type;
        if (text.startsWith("/*", offset)) {
            end = -1;
            type = TokenType.UNTERMINATED;
        } else if (c == '\'') {
            end = quotedEnd('\'');
            type = TokenType.STRING;
        } else if (c == '"') {
            end = quotedEnd('"');
            type = TokenType.QUOTED_IDENTIFIER;
        } else if (c == '$' && dollarTag() != null) {
            String tag = dollarTag();
            int close = text.indexOf(tag, offset + tag.length());
            end = close < 0 ? -1 : close + tag.length();
            type = TokenType.DOLLAR_STRING;
        } else if (Character.isLetter(c) || c == '_') {
            end = wordEnd();
            type = TokenType.WORD;
        } else if (Character.isDigit(c) || (c == '.' && offset + 1 < text.length()
                && Character.isDigit(text.charAt(offset + 1)))) {
            end = numberEnd();
            type = TokenType.NUMBER;
        } else {
            end = offset + 1;
            type = TokenType.SYMBOL;
        }
        if (end < 0) {
            type = TokenType.UNTERMINATED;
            end = text.length();
        }
        Token token = new Token(type, text.substring(offset, end), offset, new SourcePosition(line, column));
        advance(end - offset);
        return token;
    }

    /** The end of a quoted token, where a doubled quote stands for itself; -1 when unterminated. */
    private int quotedEnd(char quote) {
        int i = offset + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** The opening tag ({@code $$} or {@code $name$}) at the offset, or null when this is no dollar quote. */
    private String dollarTag() {
        int i = offset + 1;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '$'
                && (i == offset + 1 || !Character.isDigit(text.charAt(offset + 1)))) {
            return text.substring(offset, i + 1);
        }
        return null;
    }

    private int wordEnd() {
        int i = offset;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                || text.charAt(i) == '$')) {
            i++;
        }
        return i;
    }

    private int numberEnd() {
        int i = offset;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                || text.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private void advance(int count) {
        for (int i = 0; i < count; i++) {
            if (text.charAt(offset) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            offset++;
        }
    }
}
