package org.lisiere.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** Reading JSON request bodies, with errors that name what is wrong. */
final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {}

    /** The body as a JSON object, or MALFORMED_INPUT. */
    static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new LisiereException(ErrorCode.MALFORMED_INPUT, "The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, "The request body is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }

    /**
     * The values of {@code "params"} (absent: none), bound to the statement's parameters and never spliced into its
     * text: JSON null, booleans, integers (as Long), other numbers (as Double) and strings.
     */
    static java.util.List<Object> parameters(JsonNode body) {
        JsonNode params = body.path("params");
        if (params.isMissingNode() || params.isNull()) {
            return java.util.List.of();
        }
        if (!params.isArray()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "\"params\" must be an array of values");
        }
        java.util.List<Object> values = new java.util.ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            JsonNode value = params.get(i);
            if (value.isNull()) {
                values.add(null);
            } else if (value.isBoolean()) {
                values.add(value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                values.add(value.longValue());
            } else if (value.isNumber()) {
                values.add(value.doubleValue());
            } else if (value.isTextual()) {
                values.add(value.textValue());
            } else {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "\"params\"[" + i + "] is " + value.getNodeType()
                        .name().toLowerCase(java.util.Locale.ROOT) + "; allowed: null, boolean, number, string");
            }
        }
        return java.util.Collections.unmodifiableList(values);
    }

    /** The string field {@code name} of {@code body}, or INVALID_ARGUMENT. */
    static String text(JsonNode body, String name) {
        JsonNode value = body.path(name);
        if (!value.isTextual()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "The request needs \"" + name + "\" as a string"
                    + (value.isMissingNode() ? "" : ", not " + value.getNodeType().name().toLowerCase(
                            java.util.Locale.ROOT)));
        }
        return value.asText();
    }
}
