package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/**
 * Stable error codes. Names and numbers never change once released: scripts, clients and the edge match on them.
 * New codes are appended; the number ranges follow the category (1xxx user, 2xxx resources, 3xxx external,
 * 4xxx internal).
 */
public enum ErrorCode {
    SYNTAX_ERROR(1001, ErrorCategory.USER),
    UNKNOWN_OBJECT(1002, ErrorCategory.USER),
    INVALID_REFERENCE(1003, ErrorCategory.USER),
    CONVERSION_ERROR(1004, ErrorCategory.USER),
    CONSTRAINT_VIOLATION(1005, ErrorCategory.USER),
    INVALID_ARGUMENT(1006, ErrorCategory.USER),
    INVALID_OPTION(1007, ErrorCategory.USER),
    FILE_NOT_FOUND(1008, ErrorCategory.USER),
    MALFORMED_INPUT(1009, ErrorCategory.USER),
    UNSUPPORTED_OPERATION(1010, ErrorCategory.USER),
    CANCELLED(1011, ErrorCategory.USER),
    INVALID_CONFIG(1012, ErrorCategory.USER),
    ALREADY_EXISTS(1013, ErrorCategory.USER),
    PERMISSION_DENIED(1014, ErrorCategory.USER),
    /** No credentials, or credentials that are unknown, revoked or malformed. */
    UNAUTHENTICATED(1015, ErrorCategory.USER),
    /** A request body larger than the server accepts. */
    PAYLOAD_TOO_LARGE(1016, ErrorCategory.USER),
    /** A statement ran longer than its time limit and was stopped. */
    STATEMENT_TIMEOUT(1017, ErrorCategory.USER),
    /** A request whose body stopped arriving for longer than the server waits. */
    REQUEST_TIMEOUT(1018, ErrorCategory.USER),

    OUT_OF_MEMORY(2001, ErrorCategory.RESOURCES),
    DISK_FULL(2002, ErrorCategory.RESOURCES),
    DATA_DIRECTORY_LOCKED(2003, ErrorCategory.RESOURCES),
    TRANSACTION_CONFLICT(2004, ErrorCategory.RESOURCES),
    /** An edge site's backlog of results waiting for the core is full and its policy is to refuse more data. */
    BACKLOG_FULL(2005, ErrorCategory.RESOURCES),

    IO_ERROR(3001, ErrorCategory.EXTERNAL),

    INTERNAL_ERROR(4001, ErrorCategory.INTERNAL),
    ENGINE_ERROR(4002, ErrorCategory.INTERNAL);

    private final int number;
    private final ErrorCategory category;

    ErrorCode(int number, ErrorCategory category) {
        this.number = number;
        this.category = requireNonNull(category, "category is null");
    }

    /** The stable numeric form of the code. */
    public int number() {
        return number;
    }

    public ErrorCategory category() {
        return category;
    }
}
