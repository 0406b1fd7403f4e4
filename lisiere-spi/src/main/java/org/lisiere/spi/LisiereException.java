package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The one exception type of Lisière. Every failure a user can see carries a stable {@link ErrorCode} and, where it
 * is known, the position in the SQL text that caused it.
 */
public final class LisiereException extends RuntimeException {
    private final ErrorCode code;
    private final SourcePosition position;

    public LisiereException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public LisiereException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    public LisiereException(ErrorCode code, String message, SourcePosition position) {
        this(code, message, position, null);
    }

    /** @param position where in the statement the error is; may be null when unknown */
    public LisiereException(ErrorCode code, String message, SourcePosition position, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.position = position;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorCategory category() {
        return code.category();
    }

    /** Where in the statement the error was found, when the engine or parser could tell. */
    public Optional<SourcePosition> position() {
        return Optional.ofNullable(position);
    }

    /** The same error with its position moved from statement-relative to script-relative coordinates. */
    public LisiereException atScriptPosition(SourcePosition statementStart) {
        SourcePosition moved = position == null ? statementStart : position.relativeTo(statementStart);
        LisiereException result = new LisiereException(code, getMessage(), moved, getCause());
        result.setStackTrace(getStackTrace());
        return result;
    }
}
