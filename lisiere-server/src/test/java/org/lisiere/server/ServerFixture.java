package org.lisiere.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.lisiere.spi.EngineConfig;

/** A real server on a free port over a temporary data directory, and a small HTTP client for it. */
final class ServerFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    final Path data;
    final String adminToken;
    private final LisiereServer server;
    final int port;
    private final String base;
    private final HttpClient client;

    ServerFixture(Path data) {
        this(data, options(), HttpClient.newHttpClient());
    }

    /** A server with {@code options} (HTTPS when they hold TLS files), called through {@code client}. */
    ServerFixture(Path data, ServerOptions options, HttpClient client) {
        this.data = data;
        this.client = client;
        this.server = LisiereServer.open(data, options);
        this.adminToken = server.tokens().create(Optional.empty(), Role.ADMIN).token();
        this.port = server.start("127.0.0.1", 0);
        this.base = (server.secure() ? "https://localhost:" : "http://127.0.0.1:") + port;
    }

    /** The options of most tests: 1 MiB uploads, so that size limits are cheap to reach. */
    static ServerOptions options() {
        return ServerOptions.defaults("duckdb", new EngineConfig(Optional.empty(), 1L << 30, 2, java.util.Map.of()))
                .withMaxUploadBytes(1 << 20);
    }

    /** The server's endpoints as {@code METHOD path}. */
    java.util.List<String> routes() {
        return server.routes();
    }

    Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
    }

    Answer post(String path, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    Answer put(String path, String token, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    Answer delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), token);
    }

    /** Runs {@code sql} in {@code project} with {@code token}. */
    Answer query(String project, String token, String sql) {
        return post("/v1/projects/" + project + "/query", token, JSON.createObjectNode().put("sql", sql).toString());
    }

    /** Runs {@code sql} asking for an Arrow IPC stream; returns the open response body and its content type. */
    HttpResponse<java.io.InputStream> arrowQuery(String project, String token, String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/projects/" + project + "/query"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("sql", sql).toString()))
                .build();
        return exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Creates a project and returns a new token of {@code role} for it. */
    String project(String name, String role) {
        post("/v1/projects", adminToken, "{\"name\": \"" + name + "\"}");
        return token(name, role);
    }

    String token(String project, String role) {
        return post("/v1/tokens", adminToken, "{\"project\": \"" + project + "\", \"role\": \"" + role + "\"}")
                .json().path("token").asText();
    }

    private Answer send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
