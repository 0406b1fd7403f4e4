package org.lisiere.server;

import java.util.regex.Pattern;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Names that come from URLs and request bodies and become directory names or identifiers: lower-case letters,
 * digits and underscores, starting with a letter, at most 63 characters. Nothing else can reach the file system.
 */
final class Names {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private Names() {}

    /** {@code name}, or INVALID_ARGUMENT naming {@code what} and what is allowed. */
    static String check(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Invalid " + what + " name '"
                    + (name == null ? "" : name) + "': use 1 to 63 lower-case letters, digits and underscores,"
                    + " starting with a letter");
        }
        return name;
    }
}
