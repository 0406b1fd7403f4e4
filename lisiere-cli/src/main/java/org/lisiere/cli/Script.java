package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

/**
 * SQL text given to {@code lisiere sql}: a {@code -c} argument, a {@code -f} file or standard input.
 *
 * @param source how errors name it ({@code -c #2}, the file name, {@code stdin})
 */
record Script(String source, String text) {
    Script {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
    }
}
