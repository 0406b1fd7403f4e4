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
