package org.lisiere.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.text.JsonValues;
import org.lisiere.spi.Batch;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * {@code GET …/models}: SHOW MODELS as objects; {@code GET …/models/{m}}: DESCRIBE MODEL (metrics, options,
 * versions and provenance) as {@code {"name", "rows": [{"section", "name", "value"}]}}.
 */
final class ModelsEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelsEndpoint() {}

    static void list(Context ctx, Principal principal, Projects.Project project) {
        ctx.json(JSON.createObjectNode().set("models", rows(project, "SHOW MODELS")));
    }

    static void describe(Context ctx, Principal principal, Projects.Project project) {
        String model = Names.check("model", ctx.pathParam("model"));
        ObjectNode answer = JSON.createObjectNode().put("name", model);
        answer.set("rows", rows(project, "DESCRIBE MODEL " + model));
        ctx.json(answer);
    }

    /** The rows of a statement as objects keyed by column name. */
    private static ArrayNode rows(Projects.Project project, String sql) {
        ArrayNode rows = JSON.createArrayNode();
        try (LisiereSession session = project.lisiere().openSession();
                StatementResult result = session.execute(ScriptStatement.single(sql))) {
            QueryResult query = result.result();
            Schema schema = query.schema();
            for (Optional<Batch> batch = query.nextBatch(); batch.isPresent(); batch = query.nextBatch()) {
                for (int r = 0; r < batch.get().rowCount(); r++) {
                    ObjectNode row = rows.addObject();
                    for (int c = 0; c < schema.size(); c++) {
                        row.set(schema.column(c).name(), value(batch.get().column(c).get(r)));
                    }
                }
            }
        }
        return rows;
    }

    private static com.fasterxml.jackson.databind.JsonNode value(Object value) {
        try (com.fasterxml.jackson.databind.util.TokenBuffer buffer = new com.fasterxml.jackson.databind.util
                .TokenBuffer(JSON, false)) {
            JsonValues.write(buffer, value);
            return JSON.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
