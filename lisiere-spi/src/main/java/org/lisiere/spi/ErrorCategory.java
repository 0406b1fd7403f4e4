package org.lisiere.spi;

/**
 * Who is at fault for an error, and therefore how a caller should react to it.
 *
 * <p>The category decides the HTTP status a server answers with and whether a client may retry.
 */
public enum ErrorCategory {
    /** The caller asked for something wrong: fix the request, do not retry it. */
    USER(400, false),
    /** A limit was reached (memory, disk, a lock): the same request may succeed later. */
    RESOURCES(503, true),
    /** Something outside Lisière failed (file system, network, a remote service): retry may help. */
    EXTERNAL(502, true),
    /** A bug in Lisière or an engine: report it. */
    INTERNAL(500, false);

    private final int httpStatus;
    private final boolean retryable;

    ErrorCategory(int httpStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** The HTTP status a server answers with for errors of this category. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether repeating the same request unchanged can succeed. */
    public boolean retryable() {
        return retryable;
    }
}
