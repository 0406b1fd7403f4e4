package org.lisiere.server;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.apache.arrow.memory.BufferAllocator;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.core.text.CsvText;
import org.lisiere.core.text.JsonValues;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * {@code POST /v1/projects/{p}/query} {@code {"sql": "…"}}: runs the statements of {@code sql} in order and answers
 * with the last one's result, {@code {"columns": [{"name", "type"}], "rows": [[…]], "summary": "…"}}, written batch
 * by batch as the engine produces them; or as CSV ({@code ?format=csv}) or an Arrow IPC stream
 * ({@code ?format=arrow} or {@code Accept: application/vnd.apache.arrow.stream}). Every statement is checked (role,
 * sandbox) before the first one runs, and statements that write hold the project's write lock.
 */
final class QueryEndpoint {
    private static final JsonFactory JSON = new JsonFactory();

    private QueryEndpoint() {}

    static void handle(Context ctx, Principal principal, Projects.Project project, StatementServices services,
            BufferAllocator arrowMemory) {
        String format = format(ctx);
        JsonNode request = Requests.body(ctx);
        String sql = Requests.text(request, "sql");
        ctx.attribute(LisiereServer.STATEMENT, sql);
        List<Object> params = Requests.parameters(request);
        List<ScriptStatement> statements = statements(sql, params);
        ctx.attribute(LisiereServer.READ_ONLY, statements.stream().allMatch(StatementAccess::isRead));
        try (LisiereSession session = project.lisiere().openSession()) {
            run(session, principal, project, statements, params, services, result -> switch (format) {
                case "csv" -> {
                    ctx.status(200).contentType("text/csv; charset=utf-8");
                    PrintWriter out = new PrintWriter(new OutputStreamWriter(ctx.outputStream(),
                            StandardCharsets.UTF_8));
                    long rows = CsvText.write(result.result(), out);
                    out.flush();
                    yield rows;
                }
                case "arrow" -> {
                    ctx.status(200).contentType(ArrowResults.MEDIA_TYPE);
                    try (BufferAllocator memory = arrowMemory.newChildAllocator("query", 0, Long.MAX_VALUE)) {
                        yield ArrowResults.write(ctx.outputStream(), result.result(), memory);
                    }
                }
                default -> {
                    ctx.status(200).contentType("application/json");
                    yield write(ctx.outputStream(), result, Long.MAX_VALUE);
                }
            });
        }
    }

    /** The result format: {@code ?format=json|csv|arrow}, else Arrow when the Accept header asks for it, else JSON. */
    private static String format(Context ctx) {
        Optional<String> asked = Optional.ofNullable(ctx.queryParam("format"));
        if (asked.isPresent() && !List.of("json", "csv", "arrow").contains(asked.get())) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Unknown result format '" + asked.get()
                    + "'; allowed: json, csv, arrow");
        }
        boolean acceptsArrow = Optional.ofNullable(ctx.header("Accept")).orElse("").contains(ArrowResults.MEDIA_TYPE);
        return asked.orElse(acceptsArrow ? "arrow" : "json");
    }

    /** What becomes of the last statement's result; returns the number of rows sent. */
    interface LastResult {
        long accept(StatementResult result);
    }

    /** The statements of {@code sql}, checked to be at least one, and only one when there are parameters. */
    static List<ScriptStatement> statements(String sql, List<Object> params) {
        List<ScriptStatement> statements = SqlSplitter.split(sql);
        if (statements.isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "\"sql\" holds no statement");
        }
        if (!params.isEmpty() && statements.size() > 1) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "\"params\" needs \"sql\" to hold one statement,"
                    + " not " + statements.size());
        }
        return statements;
    }

    /**
     * Runs {@code statements} in order after checking every one (role, sandbox); writes hold the project's write
     * lock; the last statement's result goes to {@code last}, the others' rows are read and dropped.
     */
    static void run(LisiereSession session, Principal principal, Projects.Project project,
            List<ScriptStatement> statements, List<Object> params, StatementServices services, LastResult last) {
        for (ScriptStatement statement : statements) {
            StatementAccess.check(principal, statement);
            session.checkAllowed(statement);
        }
        session.setSystemTables(services.systemTables(principal, project));
        session.setFleet(services.fleet(principal, project));
        for (int i = 0; i < statements.size(); i++) {
            ScriptStatement statement = statements.get(i);
            boolean write = !StatementAccess.isRead(statement);
            if (write) {
                project.writes().lock();
            }
            long started = System.nanoTime();
            Timeouts.Armed limit = services.timeouts().arm(session, project.statementTimeout().get());
            try (limit; StatementResult result = session.execute(statement, params)) {
                long rows = i == statements.size() - 1 ? last.accept(result) : drain(result.result());
                double seconds = (System.nanoTime() - started) / 1e9;
                services.metrics().statement(seconds, rows);
                if (org.lisiere.core.sql.StatementParser.parse(statement)
                        instanceof org.lisiere.core.sql.CreateModelStatement) {
                    services.metrics().training(seconds);
                }
            } catch (LisiereException e) {
                throw limit.translate(e);
            } finally {
                if (write) {
                    project.writes().unlock();
                }
            }
        }
    }

    /** Reads the rows of a statement before the last, which are not returned; 0 rows returned. */
    private static long drain(QueryResult result) {
        for (Optional<Batch> batch = result.nextBatch(); batch.isPresent(); batch = result.nextBatch()) {
            // not returned
        }
        return 0;
    }

    /**
     * Writes {@code {"columns", "rows", "summary"}} to {@code out}, at most {@code maxRows} rows (then
     * {@code "truncated": true}); returns the number of rows written.
     */
    static long write(java.io.OutputStream out, StatementResult result, long maxRows) {
        QueryResult rows = result.result();
        long count = 0;
        boolean truncated = false;
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("columns");
            Schema schema = rows.schema();
            for (int c = 0; c < schema.size(); c++) {
                json.writeStartObject();
                json.writeStringField("name", schema.column(c).name());
                json.writeStringField("type", schema.column(c).type().sqlName());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("rows");
            Optional<Batch> batch = rows.hasRows() ? rows.nextBatch() : Optional.empty();
            for (; batch.isPresent() && !truncated; batch = rows.nextBatch()) {
                int take = (int) Math.min(batch.get().rowCount(), maxRows - count);
                writeRows(json, batch.get(), take);
                count += take;
                truncated = take < batch.get().rowCount();
            }
            json.writeEndArray();
            if (truncated) {
                json.writeBooleanField("truncated", true);
            }
            if (!result.summary().isEmpty()) {
                json.writeStringField("summary", result.summary());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    private static void writeRows(JsonGenerator json, Batch batch, int count) throws IOException {
        for (int r = 0; r < count; r++) {
            json.writeStartArray();
            for (int c = 0; c < batch.columns().size(); c++) {
                JsonValues.write(json, batch.column(c).get(r));
            }
            json.writeEndArray();
        }
    }
}
