package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.lisiere.spi.SourcePosition;

/**
 * One statement of a script.
 *
 * @param number its 1-based number in the script
 * @param text the statement without the terminating semicolon
 * @param start where its first token stands in the script
 * @param tokens its tokens, positions relative to the script
 */
public record ScriptStatement(int number, String text, SourcePosition start, List<Token> tokens) {
    public ScriptStatement {
        if (number < 1) {
            throw new IllegalArgumentException("number must be >= 1: " + number);
        }
        requireNonNull(text, "text is null");
        requireNonNull(start, "start is null");
        tokens = List.copyOf(requireNonNull(tokens, "tokens is null"));
    }

    /** A script of one statement, as typed on a command line. */
    public static ScriptStatement single(String text) {
        return SqlSplitter.split(text).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no statement in: " + text));
    }
}
