package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The value of an entry of an {@code OPTIONS (...)} list: a string, a number or a boolean, with the token it was
 * written as so that errors can point at it.
 */
public record OptionValue(String name, Token token) {
    public OptionValue {
        requireNonNull(name, "name is null");
        requireNonNull(token, "token is null");
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
