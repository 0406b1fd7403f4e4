package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.lisiere.server.Listener;
import org.lisiere.server.Problems;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's HTTP API: {@code GET /healthz}; {@code POST /v1/ingest/{table}} with an NDJSON or CSV batch (optional
 * {@code Idempotency-Key}), answered 200 once the batch is durable; {@code POST /v1/predict/{model}} with one event.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest predict request body. */
    private static final long MAX_EVENT_BYTES = 1 << 20;

    private final EdgeAgent agent;
    private final Listener listener;
    private final Javalin app;
    private final IngestToken ingestToken;
    private volatile boolean tokenRequired;

    public EdgeServer(EdgeAgent agent) {
        this.agent = requireNonNull(agent, "agent is null");
        this.listener = new Listener(agent.options().tls(), Duration.ofSeconds(30));
        this.ingestToken = new IngestToken(agent.options().data());
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = Math.max(MAX_EVENT_BYTES, agent.options().maxBatchBytes());
            config.jetty.addConnector(listener::connector);
            config.startup.showJavalinBanner = false;
            add(config.routes, HandlerType.GET, "/healthz", ctx -> ctx.json(JSON.createObjectNode().put("status", "ok")
                    .put("site", agent.site()).put("project", agent.project())
                    .put("core", agent.online() ? "online" : "offline")));
            add(config.routes, HandlerType.POST, "/v1/ingest/{table}", this::ingest);
            add(config.routes, HandlerType.POST, "/v1/predict/{model}", this::predict);
            config.routes.exception(LisiereException.class, (e, ctx) -> Problems.write(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx,
                    new LisiereException(e.getStatus() == 404 ? ErrorCode.UNKNOWN_OBJECT : ErrorCode.INVALID_ARGUMENT,
                            e.getStatus() == 404 ? "No such endpoint: " + ctx.method() + " " + ctx.path()
                                    : e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                String id = UUID.randomUUID().toString();
                LOG.error("Internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
                Problems.write(ctx, new LisiereException(ErrorCode.INTERNAL_ERROR, "Internal error " + id
                        + "; the edge's log has the details"));
            });
        });
    }

    private static void add(io.javalin.config.RoutesConfig routes, HandlerType method, String path,
            io.javalin.http.Handler handler) {
        routes.addEndpoint(new io.javalin.router.Endpoint(method, path, handler, java.util.Set.of()));
    }

    /**
     * Listens on {@code host}:{@code port} (0: any free port); returns the port. Bound to an address other than
     * loopback, ingest and predict need the site's ingest token ({@code Authorization: Bearer lsi_…}).
     */
    public int start(String host, int port) {
        tokenRequired = !isLoopback(host);
        listener.bind(host, port);
        app.start();
        return app.port();
    }

    public boolean secure() {
        return listener.secure();
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Refuses a device without the ingest token when the edge listens beyond loopback. */
    private void checkToken(Context ctx) {
        if (!tokenRequired) {
            return;
        }
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        if (!header.startsWith("Bearer ") || !ingestToken.matches(header.substring("Bearer ".length()).strip())) {
            throw new LisiereException(ErrorCode.UNAUTHENTICATED, "This edge listens beyond loopback: ingest and"
                    + " predict need 'Authorization: Bearer <ingest token>' (bin/lisiere edge --new-ingest-token"
                    + " makes one)");
        }
    }

    private void ingest(Context ctx) throws IOException {
        checkToken(ctx);
        LoadFormat format = format(ctx);
        Ingest.Outcome outcome = agent.ingest().add(ctx.pathParam("table"), format, ctx.bodyInputStream(),
                Optional.ofNullable(ctx.header("Idempotency-Key")));
        if (!outcome.duplicate() && outcome.rows() > 0) {
            try {
                agent.scoreNew();
            } catch (LisiereException e) {
                // the batch is stored; its rows are scored on the next pass
                LOG.warn("Scoring after a batch failed: {}", e.getMessage());
            }
        }
        ctx.json(JSON.createObjectNode().put("rows", outcome.rows()).put("duplicate", outcome.duplicate()));
    }

    /** {@code ?format=ndjson|csv}, else from the Content-Type: CSV for {@code text/csv}, NDJSON otherwise. */
    private static LoadFormat format(Context ctx) {
        String asked = Optional.ofNullable(ctx.queryParam("format")).orElse("");
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (asked.equals("csv") || (asked.isEmpty() && type.startsWith("text/csv"))) {
            return LoadFormat.CSV;
        }
        if (asked.isEmpty() || asked.equals("ndjson")) {
            return LoadFormat.NDJSON;
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Unknown batch format '" + asked + "'; allowed:"
                + " ndjson, csv");
    }

    private void predict(Context ctx) throws IOException {
        checkToken(ctx);
        JsonNode event;
        try {
            event = JSON.readTree(ctx.bodyInputStream());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, "The event is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (event == null) {
            event = JSON.createObjectNode();
        }
        ctx.contentType("application/json").result(agent.predictor().predict(ctx.pathParam("model"), event,
                agent.deployedModels()));
    }

    @Override
    public void close() {
        app.stop();
    }
}
