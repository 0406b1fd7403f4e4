package org.lisiere.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.Column;
import org.lisiere.spi.DataType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.Schema;
import org.lisiere.spi.SourcePosition;
import org.lisiere.spi.TableInfo;

/**
 * A client of the core's HTTP API ({@code lisiere serve}). Errors arrive as {@link LisiereException}s with the
 * server's stable error code, message and SQL position; a server that cannot be reached is {@code IO_ERROR}.
 * Thread-safe.
 */
public final class LisiereClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One column of a result. */
    public record ResultColumn(String name, String type) {
        public ResultColumn {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    /**
     * The result of a query: its columns, its rows (JSON values: null, Boolean, Long, Double, String, lists and maps)
     * and the summary of a statement without rows ({@code "2 rows changed"}).
     */
    public record QueryAnswer(List<ResultColumn> columns, List<List<Object>> rows, Optional<String> summary) {
        public QueryAnswer {
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
            rows = List.copyOf(requireNonNull(rows, "rows is null"));
            requireNonNull(summary, "summary is null");
        }
    }

    /** A token just created: its id (to revoke it) and its secret, shown only once. */
    public record CreatedToken(String id, String token) {
        public CreatedToken {
            requireNonNull(id, "id is null");
            requireNonNull(token, "token is null");
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Optional<Duration> requestTimeout;

    private LisiereClient(URI base, String token, HttpClient http, Optional<Duration> requestTimeout) {
        this.base = base;
        this.token = token;
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /** A client of the server at {@code base} ({@code http://host:port}) holding {@code token}. */
    public static LisiereClient connect(URI base, String token) {
        return connect(base, token, Optional.empty());
    }

    /**
     * A client of the server at {@code base} ({@code http://} or {@code https://host:port}) holding {@code token};
     * for HTTPS it trusts the certificates of PEM file {@code trustedCertificates} when given, else the system's.
     */
    public static LisiereClient connect(URI base, String token, Optional<Path> trustedCertificates) {
        requireNonNull(base, "base is null");
        requireNonNull(token, "token is null");
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        trustedCertificates.ifPresent(file -> http.sslContext(TrustedCertificates.sslContext(file)));
        return new LisiereClient(URI.create(base.toString().replaceAll("/+$", "")), token, http.build(),
                Optional.empty());
    }

    /**
     * This client, but every request fails with {@link ErrorCode#IO_ERROR} when the server has not answered within
     * {@code timeout} (for edge sites, which must not hang on a half-open connection; queries may take longer).
     */
    public LisiereClient withRequestTimeout(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        return new LisiereClient(base, token, http, Optional.of(timeout));
    }

    /** Runs the statements of {@code sql} in {@code project}, {@code parameters} bound to a single statement's. */
    public QueryAnswer query(String project, String sql, List<?> parameters) {
        ObjectNode body = JSON.createObjectNode().put("sql", sql);
        ArrayNode params = body.putArray("params");
        parameters.forEach(p -> params.add(JSON.valueToTree(p)));
        return answer(send(post("/v1/projects/" + project + "/query", body)));
    }

    private static QueryAnswer answer(JsonNode answer) {
        List<ResultColumn> columns = new ArrayList<>();
        answer.path("columns").forEach(c -> columns.add(new ResultColumn(c.path("name").asText(),
                c.path("type").asText())));
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : answer.path("rows")) {
            List<Object> values = new ArrayList<>();
            row.forEach(v -> values.add(JSON.convertValue(v, Object.class)));
            rows.add(java.util.Collections.unmodifiableList(values));
        }
        return new QueryAnswer(columns, rows, Optional.ofNullable(answer.path("summary").textValue()));
    }

    /**
     * A background job's state ({@code running}, {@code succeeded}, {@code failed}, {@code cancelled}): a running
     * CREATE MODEL's progress, then the last statement's answer (at most 10,000 rows) or the error.
     */
    public record JobStatus(String id, String state, Optional<String> progress, Optional<QueryAnswer> answer,
            Optional<LisiereException> error) {
        public JobStatus {
            requireNonNull(id, "id is null");
            requireNonNull(state, "state is null");
            requireNonNull(progress, "progress is null");
            requireNonNull(answer, "answer is null");
            requireNonNull(error, "error is null");
        }

        public boolean running() {
            return state.equals("running");
        }
    }

    /** Starts the statements of {@code sql} as a background job of {@code project}; returns its id. */
    public String startJob(String project, String sql) {
        return send(post("/v1/projects/" + project + "/jobs", JSON.createObjectNode().put("sql", sql))).path("id")
                .asText();
    }

    /** The job's state now. */
    public JobStatus job(String project, String id) {
        JsonNode job = send(request("/v1/projects/" + project + "/jobs/" + id).GET());
        return new JobStatus(id, job.path("state").asText(), Optional.ofNullable(job.path("progress").textValue()),
                job.has("result") ? Optional.of(answer(job.path("result"))) : Optional.empty(),
                job.has("error") ? Optional.of(problem(job.path("error").path("status").asInt(500),
                        job.path("error"))) : Optional.empty());
    }

    /** Cancels a running job; a finished one stays as it ended. */
    public void cancelJob(String project, String id) {
        send(request("/v1/projects/" + project + "/jobs/" + id).DELETE());
    }

    /** The tables of {@code project} with their columns. */
    public List<TableInfo> tables(String project) {
        List<TableInfo> tables = new ArrayList<>();
        for (JsonNode table : send(request("/v1/projects/" + project + "/tables").GET()).path("tables")) {
            List<Column> columns = new ArrayList<>();
            table.path("columns").forEach(c -> columns.add(new Column(c.path("name").asText(), new DataType(
                    c.path("type").asText(), TypeNames.family(c.path("type").asText())))));
            tables.add(new TableInfo("main", table.path("name").asText(), new Schema(columns)));
        }
        return List.copyOf(tables);
    }

    /** Creates project {@code name} (an admin token of the server). */
    public void createProject(String name) {
        send(post("/v1/projects", JSON.createObjectNode().put("name", name)));
    }

    /** Creates a token of {@code role} for {@code project} (an admin token). */
    public CreatedToken createToken(String project, String role) {
        JsonNode answer = send(post("/v1/tokens", JSON.createObjectNode().put("project", project).put("role", role)));
        return new CreatedToken(answer.path("id").asText(), answer.path("token").asText());
    }

    /** Revokes token {@code id} (an admin token). */
    public void revokeToken(String id) {
        send(request("/v1/tokens/" + id).DELETE());
    }

    /** Replaces the rows of {@code table} with the file's (format: csv, ndjson, json or parquet); the rows loaded. */
    public long putTable(String project, String table, Path file, String format) {
        try {
            return send(request("/v1/projects/" + project + "/tables/" + table + "?format=" + format)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))).path("rows_loaded").asLong();
        } catch (java.io.FileNotFoundException e) {
            throw new LisiereException(ErrorCode.FILE_NOT_FOUND, "No file '" + file + "' to upload", e);
        }
    }

    /** What enrollment gave an edge site: its project, its name and its long-lived credential. */
    public record Enrollment(String project, String site, String credential) {
        public Enrollment {
            requireNonNull(project, "project is null");
            requireNonNull(site, "site is null");
            requireNonNull(credential, "credential is null");
        }
    }

    /**
     * Exchanges the one-time enrollment token of {@code CREATE SITE} for the site's credential, at the core at
     * {@code base}.
     */
    public static Enrollment enroll(URI base, String enrollmentToken, Optional<Path> trustedCertificates) {
        LisiereClient anonymous = connect(base, "", trustedCertificates);
        JsonNode answer = anonymous.send(anonymous.post("/v1/enroll", JSON.createObjectNode()
                .put("enrollment_token", enrollmentToken)));
        return new Enrollment(answer.path("project").asText(), answer.path("site").asText(),
                answer.path("credential").asText());
    }

    /** An edge site's heartbeat (its credential): sends its status report, returns the site state the core wants. */
    public JsonNode heartbeat(JsonNode report) {
        return send(post("/v1/site/heartbeat", report));
    }

    /** The file of a model version deployed to this site (its credential). */
    public byte[] modelFile(String model, int version) {
        HttpResponse<byte[]> response = exchange(request("/v1/site/models/" + model + "/versions/" + version).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), parse(new String(response.body(),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        return response.body();
    }

    /**
     * Sends batch {@code batch} of sync {@code sync}, an NDJSON file of result rows (an edge site's credential).
     * {@code droppedThrough} (0: none) declares that the batches before it up to that number were dropped by the
     * site's backlog policy and will never come. Returns whether the core already had it: a batch sent again is
     * stored once.
     */
    public boolean sendSyncBatch(String sync, long batch, long droppedThrough, Path file) {
        try {
            HttpRequest.Builder request = request("/v1/site/syncs/" + sync + "/batches/" + batch);
            if (droppedThrough > 0) {
                request.header("Lisiere-Dropped-Through", Long.toString(droppedThrough));
            }
            return send(request.header("Content-Type", "application/x-ndjson")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))).path("duplicate").asBoolean();
        } catch (java.io.FileNotFoundException e) {
            throw new LisiereException(ErrorCode.FILE_NOT_FOUND, "No batch file '" + file + "' to send", e);
        }
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        requestTimeout.ifPresent(request::timeout);
        return request;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), body);
        }
        return body;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot reach the Lisière server at " + base + ": "
                    + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LisiereException(ErrorCode.CANCELLED, "Interrupted while waiting for the server", e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            // an error page of the HTTP layer (a proxy's, or the server's own while it stops): its text, briefly
            String plain = text.replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " ").strip();
            return JSON.createObjectNode().put("page", plain.length() <= 200 ? plain : plain.substring(0, 200) + "…");
        }
    }

    /**
     * The error of an answer that names none: not Lisière's answer but its HTTP layer's, or that of a proxy in front
     * of it. A server error there (a gateway that could not reach the server, a server stopping in the middle of the
     * request) is a failure to reach Lisière, worth retrying.
     */
    private static ErrorCode withoutCode(int status) {
        return status >= 500 ? ErrorCode.IO_ERROR : ErrorCode.INVALID_ARGUMENT;
    }

    /** The server's problem document as the exception the server raised. */
    private static LisiereException problem(int status, JsonNode body) {
        String name = body.path("code").asText("");
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(name)).findFirst()
                .orElse(withoutCode(status));
        String detail = body.has("page") ? "HTTP " + status + " without a problem document (the HTTP layer's"
                + " error page, not the server's answer): " + body.path("page").asText()
                : body.path("detail").asText("HTTP " + status);
        if (body.has("line") && body.has("column")) {
            return new LisiereException(code, detail, new SourcePosition(body.path("line").asInt(),
                    body.path("column").asInt()));
        }
        return new LisiereException(code, detail);
    }
}
