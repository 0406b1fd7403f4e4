package org.lisiere.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lisiere.client.LisiereClient;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.Role;
import org.lisiere.server.ServerOptions;
import org.lisiere.spi.EngineConfig;

/**
 * A real core server with project {@code shop} on a free port, and real edge sites (agent and HTTP API) in temporary
 * directories, for the tests of the edge.
 */
final class CoreAndEdges implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer of the edge's API. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    /** A running site: its agent, its HTTP server and where it listens. */
    record Edge(EdgeAgent agent, EdgeServer server, URI url) {}

    private final Path root;
    private LisiereServer core;
    final URI coreUrl;
    final LisiereClient shop;
    private final List<Edge> edges = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    /** The clock of every edge: syncs and alert retries are due when a test moves it. */
    final MutableClock clock = new MutableClock(java.time.Instant.now());

    CoreAndEdges(Path root) {
        this.root = root;
        this.core = LisiereServer.open(root.resolve("core"), ServerOptions.defaults("duckdb", new EngineConfig(
                Optional.empty(), 1L << 30, 2, Map.of())));
        String admin = core.tokens().create(Optional.empty(), Role.ADMIN).token();
        this.coreUrl = URI.create("http://127.0.0.1:" + core.start("127.0.0.1", 0));
        LisiereClient server = LisiereClient.connect(coreUrl, admin);
        server.createProject("shop");
        this.shop = LisiereClient.connect(coreUrl, server.createToken("shop", "admin").token());
    }

    /** Runs {@code sql} in project shop at the core. */
    LisiereClient.QueryAnswer core(String sql) {
        return shop.query("shop", sql, List.of());
    }

    /** The rows of {@code sql} in project shop at the core, each value as text ({@code null} for NULL). */
    List<List<String>> rows(String sql) {
        return core(sql).rows().stream().map(row -> row.stream().map(String::valueOf).toList()).toList();
    }

    /** The rows of {@code sql} in the database of site {@code edge}, each value as text. */
    static List<List<String>> local(Edge edge, String sql) {
        try (org.lisiere.core.LisiereSession session = edge.agent().lisiere().openSession();
                org.lisiere.core.StatementResult result = session.execute(
                        org.lisiere.core.sql.ScriptStatement.single(sql))) {
            return org.lisiere.testing.ResultRows.of(result.result());
        }
    }

    /** Creates site {@code name} at the core with {@code options} and returns its enrollment token. */
    String createSite(String name, String options) {
        return (String) core("CREATE SITE " + name + " " + options).rows().get(0).get(1);
    }

    /** Enrolls a new edge in {@code directory} with {@code token}, applies the core's state and starts its API. */
    Edge enroll(String directory, String token) {
        return enroll(directory, token, java.util.function.UnaryOperator.identity());
    }

    /** {@link #enroll(String, String)} with options changed by {@code change}. */
    Edge enroll(String directory, String token, java.util.function.UnaryOperator<EdgeOptions> change) {
        return start(EdgeAgent.open(change.apply(options(directory)), Optional.of(token), clock));
    }

    /**
     * Enrolls a new edge that reaches the core through {@code link} (a {@link FaultyLink}) and gives up on an answer
     * after {@code uplinkTimeout}.
     */
    Edge enrollThrough(URI link, String directory, String token, Duration uplinkTimeout) {
        EdgeOptions options = EdgeOptions.defaults(root.resolve(directory), Optional.of(link))
                .withHeartbeatEvery(Duration.ofHours(1)).withUplinkTimeout(uplinkTimeout);
        return start(EdgeAgent.open(options, Optional.of(token), clock));
    }

    /** Starts the site enrolled in {@code directory} again. */
    Edge resume(String directory) {
        return start(EdgeAgent.open(options(directory), Optional.empty(), clock));
    }

    private EdgeOptions options(String directory) {
        return EdgeOptions.defaults(root.resolve(directory), Optional.of(coreUrl)).withHeartbeatEvery(
                Duration.ofHours(1));
    }

    private Edge start(EdgeAgent agent) {
        agent.heartbeat();
        EdgeServer server = new EdgeServer(agent);
        Edge edge = new Edge(agent, server, URI.create("http://127.0.0.1:" + server.start("127.0.0.1", 0)));
        edges.add(edge);
        return edge;
    }

    /** Stops an edge as a clean shutdown does. */
    void stop(Edge edge) {
        edge.server().close();
        edge.agent().close();
        edges.remove(edge);
    }

    /** Stops the core; {@link #restartCore} brings it back on the same port. */
    void stopCore() {
        core.close();
    }

    void restartCore() {
        core = LisiereServer.open(root.resolve("core"), ServerOptions.defaults("duckdb", new EngineConfig(
                Optional.empty(), 1L << 30, 2, Map.of())));
        core.start("127.0.0.1", coreUrl.getPort());
    }

    Answer post(Edge edge, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(edge.url().resolve(path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** An answer's headers and body: status, the Retry-After header, body. */
    String postWithRetryAfter(Edge edge, String path, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(edge.url().resolve(path))
                    .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.headers().firstValue("Retry-After").orElse("-") + " "
                    + JSON.readTree(response.body()).path("code").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(Edge edge, String path) {
        return send(HttpRequest.newBuilder(edge.url().resolve(path)).GET());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Edge edge : List.copyOf(edges)) {
            stop(edge);
        }
        core.close();
    }
}
