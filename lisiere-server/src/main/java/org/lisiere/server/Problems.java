package org.lisiere.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Locale;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Errors as RFC 9457 {@code application/problem+json}, carrying the stable error code: 4xx for what the caller did,
 * 5xx only for our own faults and for resources that may come back (retry).
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    /** The request attribute holding the error code of the answer, for the audit log. */
    static final String CODE = "lisiere.error_code";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {}

    /** The HTTP status of an error code: its category's, refined where HTTP has a closer status. */
    public static int status(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case UNKNOWN_OBJECT -> 404;
            case ALREADY_EXISTS -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case STATEMENT_TIMEOUT, REQUEST_TIMEOUT -> 408;
            case DISK_FULL -> 507;
            default -> code.category().httpStatus();
        };
    }

    /** Answers the request with the problem document of {@code e}. */
    public static void write(Context ctx, LisiereException e) {
        ErrorCode code = e.code();
        ObjectNode body = document(e);
        ctx.attribute(CODE, code.name());
        if (status(code) == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (code.category() == org.lisiere.spi.ErrorCategory.RESOURCES) {
            ctx.header("Retry-After", "30");
        }
        // Bytes, not a string: the container would encode a string in ISO-8859-1 without a charset.
        ctx.status(status(code)).contentType(CONTENT_TYPE + "; charset=utf-8")
                .result(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The problem document of an error. */
    public static ObjectNode document(LisiereException e) {
        ErrorCode code = e.code();
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "https://lisiere.org/errors/" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", code.name());
        body.put("status", status(code));
        body.put("detail", e.getMessage());
        body.put("code", code.name());
        body.put("code_number", code.number());
        body.put("retryable", code.category().retryable());
        e.position().ifPresent(p -> {
            body.put("line", p.line());
            body.put("column", p.column());
        });
        return body;
    }
}
