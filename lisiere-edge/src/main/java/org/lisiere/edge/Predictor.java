package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.ml.EventScorer;
import org.lisiere.core.ml.ModelVersion;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.text.JsonValues;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.Schema;

/**
 * Scores one event with a deployed model as {@code ML.PREDICT} does at the core, so that a model predicts identically at
 * both: in Java ({@link EventScorer}) for the models and events it covers, else through ML.PREDICT compiled once per
 * model version and shape of event (its fields' names and JSON types) into a query with parameters, on pooled
 * sessions.
 */
final class Predictor implements AutoCloseable {
    private static final Pattern MODEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final JsonFactory JSON = new JsonFactory();
    /** Idle sessions kept for the next predictions. */
    private static final int POOL = 8;

    /** A model version and the shape of an event: its fields and, per field, the SQL type of its value. */
    private record Shape(String model, int version, List<String> fields, List<String> types) {}

    private final Lisiere lisiere;
    private final Map<Shape, String> compiled = new ConcurrentHashMap<>();
    private final Queue<LisiereSession> idle = new ConcurrentLinkedQueue<>();
    /** Java scorers by model and version ("fraud 3"); empty for models ML.PREDICT alone scores. */
    private final Map<String, Optional<EventScorer>> scorers = new ConcurrentHashMap<>();

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
        List<String> fields = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Map<String, Object> inJava = new LinkedHashMap<>();
        event.properties().forEach(field -> {
            fields.add(field.getKey());
            types.add(type(field.getKey(), field.getValue()));
            Object value = field.getValue().isNull() ? null : value(field.getValue());
            inJava.put(field.getKey(), value);
            if (value != null) {
                values.add(value);
            }
        });
        int version = deployed.get(model);
        Optional<Map<String, Object>> scored = scorer(model, version).flatMap(s -> s.predict(inJava));
        if (scored.isPresent()) {
            return json(scored.get());
        }
        Shape shape = new Shape(model, version, List.copyOf(fields), List.copyOf(types));
        LisiereSession session = Optional.ofNullable(idle.poll()).orElseGet(lisiere::openSession);
        try {
            String sql = compiled.computeIfAbsent(shape, s -> compile(session, s));
            byte[] answer;
            try (StatementResult result = session.execute(ScriptStatement.single(sql), values)) {
                answer = row(result.result().schema(), result.result().nextBatch().orElseThrow());
            }
            release(session);
            return answer;
        } catch (RuntimeException e) {
            session.close();
            compiled.remove(shape); // the engine may have lost the model's functions (opened again after an error)
            throw e;
        }
    }

    /** The Java scorer of a model version, when it is of a kind that has one. */
    private Optional<EventScorer> scorer(String model, int version) {
        return scorers.computeIfAbsent(model + " " + version, key -> {
            ModelVersion active = lisiere.models().active(model);
            return active.version() == version ? EventScorer.of(active) : Optional.empty();
        });
    }

    /**
     * ML.PREDICT over a one-row query of the event's shape, compiled, with that query's values made parameters:
     * the query is described with typed NULLs, then each field's NULL becomes parameter {@code $n} wherever the
     * compiled SQL repeats the query.
     */
    private static String compile(LisiereSession session, Shape shape) {
        StringJoiner described = new StringJoiner(", ", "(SELECT ", ")");
        StringJoiner bound = new StringJoiner(", ", "(SELECT ", ")");
        int parameter = 0;
        for (int i = 0; i < shape.fields().size(); i++) {
            String name = LocalSql.quote(shape.fields().get(i));
            String type = shape.types().get(i);
            described.add(type.equals("NULL") ? "NULL AS " + name : "CAST(NULL AS " + type + ") AS " + name);
            bound.add(type.equals("NULL") ? "NULL AS " + name : "CAST($" + ++parameter + " AS " + type + ") AS "
                    + name);
        }
        String sql = session.compile("SELECT * FROM ML.PREDICT(MODEL " + shape.model() + ", " + described + ")");
        return sql.replace(described.toString(), bound.toString());
    }

    private void release(LisiereSession session) {
        if (idle.size() < POOL) {
            idle.offer(session);
        } else {
            session.close();
        }
    }

    /**
     * The SQL type of a value: integers BIGINT, other numbers DOUBLE (their shortest exact decimal form), text
     * VARCHAR, booleans BOOLEAN, and NULL for null.
     */
    private static String type(String name, JsonNode value) {
        if (value.isNull()) {
            return "NULL";
        }
        if (value.isBoolean()) {
            return "BOOLEAN";
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return "BIGINT";
        }
        if (value.isNumber()) {
            return "DOUBLE";
        }
        if (value.isTextual()) {
            return "VARCHAR";
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Event field '" + name + "' is "
                + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + "; allowed: null, boolean, number,"
                + " string");
    }

    private static Object value(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.textValue();
    }

    private static byte[] json(Map<String, Object> row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            JsonValues.write(json, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] row(Schema schema, Batch batch) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 0; c < schema.size(); c++) {
            row.put(schema.column(c).name(), batch.column(c).get(0));
        }
        return json(row);
    }

    @Override
    public void close() {
        for (LisiereSession session = idle.poll(); session != null; session = idle.poll()) {
            session.close();
        }
    }
}
