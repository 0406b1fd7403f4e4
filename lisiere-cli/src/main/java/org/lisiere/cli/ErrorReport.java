package org.lisiere.cli;

import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

/**
 * The one-line error report of the CLI on stderr, a contract scripts parse:
 * {@code Error [CODE] statement N, line L:C (SOURCE): message}.
 */
final class ErrorReport {
    private ErrorReport() {}

    static String forStatement(LisiereException e, int statementNumber, String source) {
        SourcePosition position = e.position().orElse(SourcePosition.START);
        return String.format("Error [%s] statement %d, line %s (%s): %s", e.code(), statementNumber, position,
                source, e.getMessage());
    }

    static String general(LisiereException e) {
        return String.format("Error [%s]: %s", e.code(), e.getMessage());
    }
}
