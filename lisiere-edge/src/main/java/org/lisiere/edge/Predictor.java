package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.text.JsonValues;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.Schema;

/**
 * Scores one event with a deployed model through {@code ML.PREDICT}, the same code and engine that score at the core,
 * so that a model predicts identically at both.
 */
final class Predictor {
    private static final Pattern MODEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final JsonFactory JSON = new JsonFactory();

    private final Lisiere lisiere;

    Predictor(Lisiere lisiere) {
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
    }

    /**
     * The prediction for {@code event} (a JSON object of input columns) as a JSON object of ML.PREDICT's output
     * columns, in their order.
     */
    byte[] predict(String model, JsonNode event, Map<String, Integer> deployed) {
        if (!MODEL.matcher(model).matches() || !deployed.containsKey(model)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + model + "' is not deployed to this site;"
                    + " deployed here: " + (deployed.isEmpty() ? "none" : String.join(", ", deployed.keySet())));
        }
        if (!event.isObject() || event.isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "The event must be a JSON object of input values,"
                    + " such as {\"amount\": 12.5, \"store\": \"s1\"}");
        }
        StringJoiner columns = new StringJoiner(", ");
        event.properties().forEach(field -> columns.add(literal(field.getKey(), field.getValue()) + " AS "
                + LocalSql.quote(field.getKey())));
        String sql = "SELECT * FROM ML.PREDICT(MODEL " + model + ", (SELECT " + columns + "))";
        try (LisiereSession session = lisiere.openSession();
                StatementResult result = session.execute(ScriptStatement.single(sql))) {
            Optional<Batch> batch = result.result().nextBatch();
            return row(result.result().schema(), batch.orElseThrow());
        }
    }

    /**
     * The value as a typed SQL literal: integers as BIGINT, other numbers as DOUBLE (their shortest exact decimal
     * form), text as VARCHAR. ML.PREDICT reads its input query more than once, so values are written into the
     * statement rather than bound.
     */
    private static String literal(String name, JsonNode value) {
        if (value.isNull()) {
            return "NULL";
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return "CAST(" + value.longValue() + " AS BIGINT)";
        }
        if (value.isNumber()) {
            return "CAST('" + value.doubleValue() + "' AS DOUBLE)";
        }
        if (value.isTextual()) {
            return "'" + value.textValue().replace("'", "''") + "'";
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Event field '" + name + "' is "
                + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + "; allowed: null, boolean, number,"
                + " string");
    }

    private static byte[] row(Schema schema, Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            for (int c = 0; c < schema.size(); c++) {
                json.writeFieldName(schema.column(c).name());
                JsonValues.write(json, batch.column(c).get(0));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
