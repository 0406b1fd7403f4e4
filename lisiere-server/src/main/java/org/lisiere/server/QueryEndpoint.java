package org.lisiere.server;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.core.text.JsonValues;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * {@code POST /v1/projects/{p}/query} {@code {"sql": "…"}}: runs the statements of {@code sql} in order and answers
 * with the last one's result, {@code {"columns": [{"name", "type"}], "rows": [[…]], "summary": "…"}}, written batch
 * by batch as the engine produces them. Every statement is checked (role, sandbox) before the first one runs, and
 * statements that write hold the project's write lock.
 */
final class QueryEndpoint {
    private static final JsonFactory JSON = new JsonFactory();

    private QueryEndpoint() {}

    static void handle(Context ctx, Principal principal, Projects.Project project, Metrics metrics,
            Timeouts timeouts) {
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Unknown result format '" + format
                    + "'; allowed: json, csv");
        }
        JsonNode request = Requests.body(ctx);
        String sql = Requests.text(request, "sql");
        ctx.attribute(LisiereServer.STATEMENT, sql);
        List<Object> params = Requests.parameters(request);
        List<ScriptStatement> statements = statements(sql, params);
        try (LisiereSession session = project.lisiere().openSession()) {
            run(session, principal, project, statements, params, metrics, timeouts, result -> {
                if (format.equals("csv")) {
                    ctx.status(200).contentType("text/csv; charset=utf-8");
                    java.io.PrintWriter out = new java.io.PrintWriter(new java.io.OutputStreamWriter(
                            ctx.outputStream(), java.nio.charset.StandardCharsets.UTF_8));
                    long rows = org.lisiere.core.text.CsvText.write(result.result(), out);
                    out.flush();
                    return rows;
                }
                ctx.status(200).contentType("application/json");
                return write(ctx.outputStream(), result, Long.MAX_VALUE);
            });
        }
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
            List<ScriptStatement> statements, List<Object> params, Metrics metrics, Timeouts timeouts,
            LastResult last) {
        for (ScriptStatement statement : statements) {
            StatementAccess.check(principal, statement);
            session.checkAllowed(statement);
        }
        for (int i = 0; i < statements.size(); i++) {
            ScriptStatement statement = statements.get(i);
            boolean write = !StatementAccess.isRead(statement);
            if (write) {
                project.writes().lock();
            }
            long started = System.nanoTime();
            Timeouts.Armed limit = timeouts.arm(session, project.statementTimeout().get());
            try (limit; StatementResult result = session.execute(statement, params)) {
                long rows = i == statements.size() - 1 ? last.accept(result) : drain(result.result());
                double seconds = (System.nanoTime() - started) / 1e9;
                metrics.statement(seconds, rows);
                if (org.lisiere.core.sql.StatementParser.parse(statement)
                        instanceof org.lisiere.core.sql.CreateModelStatement) {
                    metrics.training(seconds);
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
