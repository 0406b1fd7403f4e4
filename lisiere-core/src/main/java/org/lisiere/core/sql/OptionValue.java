package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The value of an entry of an {@code OPTIONS (...)} list: a string, a number or a boolean, with the token it was
 * written as so that errors can point at it.
 */
public record OptionValue(String name, Token token, java.util.List<Token> elements) {
    public OptionValue {
        requireNonNull(name, "name is null");
        requireNonNull(token, "token is null");
        elements = java.util.List.copyOf(requireNonNull(elements, "elements is null"));
    }

    /** A scalar value. */
    public OptionValue(String name, Token token) {
        this(name, token, java.util.List.of());
    }

    /** A number. */
    public double asDouble() {
        if (token.type() != TokenType.NUMBER) {
            throw invalid("a number");
        }
        try {
            return Double.parseDouble(token.text());
        } catch (NumberFormatException e) {
            throw invalid("a number");
        }
    }

    /** An array of strings ({@code ['a', 'b']}), or one string taken as an array of one. */
    public java.util.List<String> asStringList() {
        if (token.isSymbol("[")) {
            return elements.stream().map(t -> {
                if (t.type() != TokenType.STRING) {
                    throw new OptionValue(name, t).invalid("a quoted string in the array");
                }
                return t.unquoted();
            }).toList();
        }
        return java.util.List.of(asString());
    }

    public String asString() {
        if (token.type() != TokenType.STRING && token.type() != TokenType.DOLLAR_STRING) {
            throw invalid("a quoted string");
        }
        return token.unquoted();
    }

    public boolean asBoolean() {
        if (token.isWord("true")) {
            return true;
        }
        if (token.isWord("false")) {
            return false;
        }
        throw invalid("true or false");
    }

    /** A failure naming the option, its value and what is allowed. */
    public LisiereException invalid(String allowed) {
        return new LisiereException(ErrorCode.INVALID_OPTION, String.format(Locale.ROOT,
                "Option '%s': %s is not allowed; expected %s", name, token.text(), allowed), token.position());
    }
}
