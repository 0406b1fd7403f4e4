package org.lisiere.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TableInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lisiere serve}: the core's HTTP API over a data directory. Every request but the health checks carries
 * {@code Authorization: Bearer <token>}; SQL runs in the project's sandboxed engine ({@link Projects}).
 */
public final class LisiereServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LisiereServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest JSON request body accepted. */
    static final long MAX_REQUEST_BYTES = 1 << 20;
    /** Request attributes that the audit log reads. */
    static final String STARTED = "lisiere.started";
    static final String PRINCIPAL = "lisiere.principal";
    static final String PROJECT = "lisiere.project";
    static final String STATEMENT = "lisiere.statement";
    /** Set on a query request whose statements all only read. */
    static final String READ_ONLY = "lisiere.readOnly";
    static final String ROUTE = "lisiere.route";

    private final TokenStore tokens;
    private final Projects projects;
    private final Javalin app;

    private final ServerOptions options;
    private final Listener listener;
    private final AuditLog audit;
    private final Metrics metrics = new Metrics();
    /** Off-heap memory of Arrow results being sent; each request takes a child allocator. */
    private final BufferAllocator arrowMemory = new RootAllocator();
    private final Timeouts timeouts = new Timeouts();
    private final java.util.List<String> routeList = new java.util.ArrayList<>();
    private final StatementServices services;
    private final Jobs jobs;
    private final Fleets fleets;

    private LisiereServer(Listener listener, TokenStore tokens, Projects projects, ServerOptions options,
            AuditLog audit) {
        this.tokens = tokens;
        this.projects = projects;
        this.options = options;
        this.listener = listener;
        this.audit = audit;
        this.fleets = new Fleets(projects, tokens, InstantSource.system(), new SecureRandom());
        this.services = new StatementServices(metrics, timeouts, audit, fleets);
        this.jobs = new Jobs(4, Jobs.MAX_KEPT, services);
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jetty.addConnector(listener::connector);
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            config.routes.after("/v1/*", this::audit);
            config.routes.after(this::measure);
            routes(config.routes);
            config.routes.exception(LisiereException.class, (e, ctx) -> Problems.write(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx,
                    fromHttp(e.getStatus(), e.getStatus() == 404 ? "No such endpoint: " + ctx.method() + " "
                            + ctx.path() : e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                String id = UUID.randomUUID().toString();
                LOG.error("Internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
                Problems.write(ctx, new LisiereException(ErrorCode.INTERNAL_ERROR, "Internal error " + id
                        + "; the server's log has the details"));
            });
        });
    }

    /** The endpoints, each tagged with its route template for the metrics. */
    private void routes(io.javalin.config.RoutesConfig routes) {
        add(routes, HandlerType.GET, "/healthz", ctx -> ctx.json(java.util.Map.of("status", "ok")));
        add(routes, HandlerType.GET, "/readyz", ctx -> ctx.json(java.util.Map.of("status", "ready")));
        add(routes, HandlerType.GET, "/metrics", ctx -> {
            if (options.metricsNeedToken()) {
                authenticate(ctx);
            }
            ctx.contentType("text/plain; version=0.0.4").result(metrics.text());
        });
        add(routes, HandlerType.GET, "/v1/openapi.json", ctx -> ctx.contentType("application/json")
                .result(openApi()));
        add(routes, HandlerType.GET, "/v1/audit", this::readAudit);
        add(routes, HandlerType.POST, "/v1/projects", this::createProject);
        add(routes, HandlerType.GET, "/v1/projects", this::listProjects);
        add(routes, HandlerType.POST, "/v1/tokens", this::createToken);
        add(routes, HandlerType.DELETE, "/v1/tokens/{id}", this::revokeToken);
        add(routes, HandlerType.POST, "/v1/enroll", ctx -> SiteApi.enroll(ctx, fleets));
        add(routes, HandlerType.POST, "/v1/site/heartbeat", ctx -> SiteApi.heartbeat(ctx, authenticate(ctx), fleets));
        add(routes, HandlerType.GET, "/v1/site/models/{model}/versions/{version}", ctx -> SiteApi.model(ctx,
                authenticate(ctx), fleets, projects));
        add(routes, HandlerType.PUT, "/v1/site/syncs/{sync}/batches/{batch}", ctx -> SyncReceiver.receive(ctx,
                authenticate(ctx), fleets, projects, options.maxUploadBytes()));
        String project = "/v1/projects/{project}";
        add(routes, HandlerType.POST, project + "/query", ctx -> QueryEndpoint.handle(ctx, caller(ctx),
                project(ctx), services, arrowMemory));
        add(routes, HandlerType.PUT, project + "/settings", this::putSettings);
        add(routes, HandlerType.POST, project + "/jobs", this::startJob);
        add(routes, HandlerType.GET, project + "/jobs/{job}", ctx -> {
            caller(ctx);
            ctx.json(jobs.describe(ctx.pathParam("project"), ctx.pathParam("job")));
        });
        add(routes, HandlerType.DELETE, project + "/jobs/{job}", ctx -> {
            caller(ctx);
            jobs.cancel(ctx.pathParam("project"), ctx.pathParam("job"));
            ctx.status(202);
        });
        add(routes, HandlerType.GET, project + "/tables", this::listTables);
        add(routes, HandlerType.PUT, project + "/tables/{table}", ctx -> UploadEndpoint.putTable(ctx, caller(ctx),
                project(ctx), options.maxUploadBytes()));
        add(routes, HandlerType.PUT, project + "/files/{name}", ctx -> UploadEndpoint.putFile(ctx, caller(ctx),
                project(ctx), options.maxUploadBytes()));
        add(routes, HandlerType.GET, project + "/models", ctx -> ModelsEndpoint.list(ctx, caller(ctx),
                project(ctx)));
        add(routes, HandlerType.GET, project + "/models/{model}", ctx -> ModelsEndpoint.describe(ctx, caller(ctx),
                project(ctx)));
    }

    private void add(io.javalin.config.RoutesConfig routes, HandlerType method, String path,
            io.javalin.http.Handler handler) {
        routeList.add(method.name() + " " + path);
        routes.addEndpoint(new io.javalin.router.Endpoint(method, path, ctx -> {
            ctx.attribute(ROUTE, path);
            handler.handle(ctx);
        }, java.util.Set.of()));
    }

    /** {@code PUT …/settings {"statement_timeout": "30s"}}: the project's own limits (its admins). */
    private void putSettings(Context ctx) {
        String name = Names.check("project", ctx.pathParam("project"));
        ctx.attribute(PROJECT, name);
        admin(ctx, Optional.of(name));
        String text = Requests.text(Requests.body(ctx), "statement_timeout");
        java.time.Duration limit;
        try {
            limit = org.lisiere.core.config.SettingTypes.DURATION.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Invalid statement_timeout '" + text + "': "
                    + e.getMessage());
        }
        projects.setStatementTimeout(name, limit);
        ctx.json(java.util.Map.of("statement_timeout", text));
    }

    private void startJob(Context ctx) {
        Principal principal = caller(ctx);
        JsonNode request = Requests.body(ctx);
        String sql = Requests.text(request, "sql");
        ctx.attribute(STATEMENT, sql);
        String id = jobs.start(principal, project(ctx), sql, Requests.parameters(request));
        ctx.status(202).json(java.util.Map.of("id", id, "state", "running"));
    }

    /** The OpenAPI document of this API, a resource of this module. */
    private static byte[] openApi() {
        try (java.io.InputStream in = LisiereServer.class.getResourceAsStream("openapi.json")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The endpoints as {@code METHOD path}, in registration order. */
    java.util.List<String> routes() {
        return java.util.List.copyOf(routeList);
    }

    /** The caller of a project endpoint, who must reach the project in the path. */
    private Principal caller(Context ctx) {
        return authorize(ctx, ctx.pathParam("project"));
    }

    private Projects.Project project(Context ctx) {
        return projects.get(ctx.pathParam("project"));
    }

    /** Adds the request to the metrics and, for the API, logs it with its fields. */
    private void measure(Context ctx) {
        Long started = ctx.attribute(STARTED);
        String route = Optional.ofNullable(ctx.<String>attribute(ROUTE)).orElse("unmatched");
        double seconds = started == null ? 0 : (System.nanoTime() - started) / 1e9;
        metrics.request(ctx.method().name(), route, ctx.statusCode(), seconds);
        if (ctx.path().startsWith("/v1/")) {
            Optional<Principal> principal = Optional.ofNullable(ctx.attribute(PRINCIPAL));
            LOG.atInfo().addKeyValue("method", ctx.method().name()).addKeyValue("route", route)
                    .addKeyValue("status", ctx.statusCode()).addKeyValue("duration_ms", Math.round(seconds * 1000))
                    .addKeyValue("project", Optional.ofNullable(ctx.pathParamMap().get("project")).orElse(""))
                    .addKeyValue("token_id", principal.map(Principal::tokenId).orElse(""))
                    .addKeyValue("code", Optional.ofNullable(ctx.<String>attribute(Problems.CODE)).orElse(""))
                    .log("request");
        }
    }

    /**
     * Opens the server's state in {@code data} (tokens, projects) without listening yet; reads the TLS files now, so
     * that a bad certificate or key fails before the server listens.
     */
    public static LisiereServer open(Path data, ServerOptions options) {
        Listener listener = new Listener(options.tls(), options.idleTimeout());
        return new LisiereServer(listener, TokenStore.open(data, new SecureRandom(), InstantSource.system()),
                new Projects(data, options.engine(), options.engineConfig(), options.statementTimeout()), options,
                new AuditLog(data, InstantSource.system()));
    }

    /** Whether the server speaks HTTPS. */
    public boolean secure() {
        return listener.secure();
    }

    /**
     * Records a request that ran SQL or changed something: every /v1 request but reads and the sites' heartbeats
     * (a status report every few seconds per site, which SHOW SITES shows).
     */
    private void audit(Context ctx) {
        if (ctx.method().name().equals("GET") || "/v1/site/heartbeat".equals(ctx.attribute(ROUTE))) {
            return;
        }
        Long started = ctx.attribute(STARTED);
        Optional<String> project = Optional.ofNullable(ctx.<String>attribute(PROJECT))
                .or(() -> Optional.ofNullable(ctx.pathParamMap().get("project")));
        // a successful read need not wait for the disk; a change or a refusal (a probe of the sandbox, say) does
        boolean durable = ctx.statusCode() >= 400 || !Boolean.TRUE.equals(ctx.attribute(READ_ONLY));
        audit.record(new AuditLog.Entry(Optional.ofNullable(ctx.attribute(PRINCIPAL)), project,
                ctx.method().name() + " " + ctx.path(), Optional.ofNullable(ctx.attribute(STATEMENT)), ctx.statusCode(),
                ctx.statusCode() < 400 ? "ok" : Optional.ofNullable(ctx.<String>attribute(Problems.CODE))
                        .orElse("error"), started == null ? 0 : (System.nanoTime() - started) / 1_000_000), durable);
    }

    /** {@code GET /v1/audit?project=p&limit=n}: the last entries, for admins of the server or of the project. */
    private void readAudit(Context ctx) {
        Optional<String> project = Optional.ofNullable(ctx.queryParam("project")).map(p -> Names.check("project", p));
        admin(ctx, project);
        int limit = Optional.ofNullable(ctx.queryParam("limit")).map(LisiereServer::limit).orElse(100);
        ArrayNode entries = JSON.createArrayNode();
        audit.last(project, limit).forEach(entries::add);
        ctx.json(JSON.createObjectNode().set("entries", entries));
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 10_000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Invalid limit '" + text + "': an integer from 1 to"
                + " 10000");
    }

    /** Starts listening on {@code host}:{@code port} (0: any free port); returns the port. */
    public int start(String host, int port) {
        listener.bind(host, port);
        app.start();
        return app.port();
    }

    private static LisiereException fromHttp(int status, String message) {
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> ErrorCode.UNKNOWN_OBJECT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_ARGUMENT;
        };
        String detail = status == 413 ? "The request body is larger than the " + MAX_REQUEST_BYTES + " bytes"
                + " accepted" : message;
        return new LisiereException(code, detail);
    }

    /** The caller, from its bearer token; UNAUTHENTICATED without a valid one. */
    private Principal authenticate(Context ctx) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        if (!header.startsWith("Bearer ")) {
            throw new LisiereException(ErrorCode.UNAUTHENTICATED, "This endpoint needs an 'Authorization: Bearer"
                    + " <token>' header");
        }
        Principal principal = tokens.verify(header.substring("Bearer ".length()).strip()).orElseThrow(
                () -> new LisiereException(ErrorCode.UNAUTHENTICATED, "The token is unknown or was revoked"));
        ctx.attribute(PRINCIPAL, principal);
        return principal;
    }

    /** The caller, who must hold a token of {@code project} (or of every project) that may run queries. */
    private Principal authorize(Context ctx, String project) {
        Principal principal = authenticate(ctx);
        Names.check("project", project);
        if (!principal.reaches(project) || !principal.role().queries()) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "This token may not query project '" + project
                    + "'");
        }
        return principal;
    }

    private Principal admin(Context ctx, Optional<String> project) {
        return admin(authenticate(ctx), project);
    }

    private static Principal admin(Principal principal, Optional<String> project) {
        if (principal.role() != Role.ADMIN || (principal.project().isPresent() && !principal.project().equals(
                project))) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "This needs an admin token of "
                    + project.map(p -> "project '" + p + "'").orElse("the server"));
        }
        return principal;
    }

    private void createProject(Context ctx) {
        admin(ctx, Optional.empty());
        String name = Requests.text(Requests.body(ctx), "name");
        ctx.attribute(PROJECT, name);
        projects.create(name);
        LOG.info("Created project {}", name);
        ctx.status(201).json(java.util.Map.of("name", name));
    }

    private void listProjects(Context ctx) {
        Principal principal = authenticate(ctx);
        ArrayNode names = JSON.createArrayNode();
        projects.names().stream().filter(principal::reaches).forEach(names::add);
        ctx.json(JSON.createObjectNode().set("projects", names));
    }

    private void createToken(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Optional<String> project = body.path("project").isMissingNode() || body.path("project").isNull()
                ? Optional.empty() : Optional.of(Names.check("project", Requests.text(body, "project")));
        project.ifPresent(p -> ctx.attribute(PROJECT, p));
        admin(ctx, project);
        project.ifPresent(projects::get);
        Role role = Role.parse(Requests.text(body, "role"));
        TokenStore.Created created = tokens.create(project, role);
        ObjectNode answer = JSON.createObjectNode().put("id", created.id()).put("token", created.token())
                .put("role", role.label());
        project.ifPresent(p -> answer.put("project", p));
        ctx.status(201).json(answer);
    }

    private void revokeToken(Context ctx) {
        Principal principal = authenticate(ctx);
        String id = ctx.pathParam("id");
        Optional<String> project = tokens.projectOf(id).orElseThrow(() -> new LisiereException(
                ErrorCode.UNKNOWN_OBJECT, "No token with id '" + id + "'"));
        project.ifPresent(p -> ctx.attribute(PROJECT, p));
        admin(principal, project);
        tokens.revoke(id);
        ctx.status(204);
    }

    private void listTables(Context ctx) {
        String name = ctx.pathParam("project");
        authorize(ctx, name);
        ArrayNode tables = JSON.createArrayNode();
        try (var session = projects.get(name).lisiere().openSession()) {
            for (TableInfo table : session.listTables()) {
                ArrayNode columns = JSON.createArrayNode();
                table.columns().columns().forEach(c -> columns.addObject().put("name", c.name())
                        .put("type", c.type().sqlName()));
                tables.addObject().put("name", table.tableName()).set("columns", columns);
            }
        }
        ctx.json(JSON.createObjectNode().set("tables", tables));
    }

    @Override
    public void close() {
        jobs.close();
        timeouts.close();
        app.stop();
        projects.close();
        audit.close();
        arrowMemory.close();
    }

    /** The tokens of this server, for {@code lisiere token} with the server stopped. */
    public TokenStore tokens() {
        return tokens;
    }
}
