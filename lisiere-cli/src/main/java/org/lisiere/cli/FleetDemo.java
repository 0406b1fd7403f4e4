package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.lisiere.cli.demo.DemoFlows;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.client.LisiereClient;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.server.Role;
import org.lisiere.server.TokenStore;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The fleet part of the demo: a core ({@code lisiere serve}) and two store sites ({@code lisiere edge}), each its own
 * process on loopback with its log in the fleet directory, driven from this one as a user would.
 * The core trains the intrusion detector on the gateways' flows and deploys it to the retail sites; the sites score a
 * live stream of flows, post alerts for attacks, and sync the flows counted per predicted kind back to the core.
 */
final class FleetDemo implements AutoCloseable {
    /** A running process of the fleet: its name, its API and its log. */
    record Node(String name, Process process, URI url, Path log) {
        Node {
            requireNonNull(name, "name is null");
            requireNonNull(process, "process is null");
            requireNonNull(url, "url is null");
            requireNonNull(log, "log is null");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "demo";
    private static final Duration STREAM = Duration.ofSeconds(4);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Path directory;
    private final PrintWriter out;
    private final String adminToken;
    private final Node core;
    private final LisiereClient client;
    private final HttpServer webhook;
    private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
    private final List<Node> sites = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private FleetDemo(Path directory, PrintWriter out) throws IOException {
        this.directory = directory;
        this.out = out;
        Path data = directory.resolve("core");
        this.adminToken = TokenStore.open(data, new SecureRandom(), InstantSource.system())
                .create(Optional.empty(), Role.ADMIN).token();
        this.core = listening("core", launch("core", List.of("serve", "--data", data.toString(), "--host",
                "127.0.0.1", "--port", "0")));
        this.client = LisiereClient.connect(core.url(), adminToken);
        try {
            this.webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            stop(core);
            throw e;
        }
        webhook.createContext("/alerts", exchange -> {
            alerts.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
    }

    /**
     * Runs the fleet part in {@code directory}: a core with the walkthrough's flows ({@code flows}, CSV) and two
     * sites, streaming flows drawn from {@code seed}; returns the running fleet, which {@link #close} stops.
     */
    static FleetDemo run(Path directory, Path flows, long seed, PrintWriter out) throws IOException {
        Files.createDirectories(directory);
        FleetDemo fleet = new FleetDemo(directory, out);
        try {
            fleet.prepareCore(flows);
            fleet.startSites(List.of("store_03", "store_07"), List.of("['retail', 'paris']", "['retail', 'lyon']"));
            fleet.deploy();
            long sent = fleet.stream(new DemoFlows(new SplittableRandom(seed)));
            fleet.showLiveScore(new DemoFlows(new SplittableRandom(seed + 1)));
            fleet.showAlerts();
            fleet.showSyncedCounts(sent);
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private void prepareCore(Path flows) {
        out.printf("%n== Fleet: train at the core, deploy to the sites, score at the edge ==%n");
        out.println("A core (lisiere serve, " + core.url() + ") and two store sites (lisiere edge), each its own"
                + " process on this machine.");
        client.createProject(PROJECT);
        long rows = client.putTable(PROJECT, "flows", flows, "csv");
        out.printf("%nThe core holds the gateways' %,d flows of the month (PUT /v1/projects/%s/tables/flows).%n", rows,
                PROJECT);
        sql("""
                CREATE OR REPLACE MODEL intrusions
                OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['kind'], max_iterations = 30) AS
                SELECT * EXCLUDE (store, ts) FROM flows WHERE ts < TIMESTAMP '2026-03-23 00:00:00'""");
        sql("""
                CREATE SITE TABLE flows (store VARCHAR, ts TIMESTAMP, protocol VARCHAR, service VARCHAR,
                    duration_s DOUBLE, bytes_in BIGINT, bytes_out BIGINT, packets BIGINT, distinct_ports BIGINT,
                    failed_logins BIGINT)
                OPTIONS (residency = 'site')""");
    }

    /** Creates the sites at the core and starts them, all at once. */
    private void startSites(List<String> names, List<String> labels) throws IOException {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String token = (String) sql("CREATE SITE " + names.get(i) + " OPTIONS (labels = " + labels.get(i) + ")")
                    .rows().get(0).get(1);
            processes.add(launch(names.get(i), List.of("edge", "--core", core.url().toString(), "--enroll", token,
                    "--data", directory.resolve(names.get(i)).toString(), "--port", "0", "--heartbeat", "1s",
                    "--threads", "1")));
        }
        for (int i = 0; i < names.size(); i++) {
            Node site = listening(names.get(i), processes.get(i));
            sites.add(site);
            out.println("  site " + site.name() + " enrolled and listening on " + site.url() + " (log " + site.log()
                    + ")");
        }
    }

    /** Starts {@code bin/lisiere <arguments>} as process {@code name}, its standard error to {@code name.log}. */
    private Process launch(String name, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectError(directory.resolve(name + ".log").toFile()).start();
    }

    /** Process {@code name} once it listens. */
    private Node listening(String name, Process process) throws IOException {
        Path log = directory.resolve(name + ".log");
        try {
            return new Node(name, process, awaitListening(process, name, log), log);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private void deploy() {
        sql("DEPLOY MODEL intrusions TO SITES WHERE 'retail' IN labels");
        sql("CREATE SCORING flow_scores ON flows USING MODEL intrusions WHEN predicted_kind <> 'normal'"
                + " ALERT 'http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts'");
        sql("CREATE SYNC flows_by_kind FROM SITES EVERY '1 second' AS SELECT predicted_kind, count(*) AS flows,"
                + " sum(bytes_out) AS bytes_out FROM flow_scores GROUP BY ALL");
        awaitUntil("the sites to load the model", () -> ((Number) client.query(PROJECT, "SELECT count(*) FROM"
                + " lisiere.sites WHERE status = 'online' AND deployed LIKE '%intrusions%'", List.of()).rows().get(0)
                .get(0)).intValue() == sites.size());
        out.println("  both sites run model intrusions version 1");
    }

    /** Streams live flows into both sites for a few seconds, with a port scan at store_07; returns the flows sent. */
    private long stream(DemoFlows flows) {
        out.printf("%nStreaming live flows into both sites for %d s (POST /v1/ingest/flows, NDJSON batches)...%n",
                STREAM.toSeconds());
        long sent = 0;
        long end = System.nanoTime() + STREAM.toNanos();
        for (int round = 0; System.nanoTime() < end; round++) {
            for (Node site : sites) {
                int store = Integer.parseInt(site.name().substring("store_".length()));
                boolean scan = site.name().equals("store_07") && round % 4 == 0;
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    batch.append(flows.live(store, LocalDateTime.now(), scan && i < 3 ? Optional.of("port_scan")
                            : Optional.empty())).append('\n');
                }
                post(site.url().resolve("/v1/ingest/flows"), "application/x-ndjson", batch.toString());
                sent += 20;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        out.printf("  sent %,d flows%n", sent);
        return sent;
    }

    private void showLiveScore(DemoFlows flows) {
        Node site = sites.get(0);
        String flow = flows.live(3, LocalDateTime.now(), Optional.of("brute_force"));
        long start = System.nanoTime();
        JsonNode answer = post(site.url().resolve("/v1/predict/intrusions"), "application/json", flow);
        double millis = (System.nanoTime() - start) / 1e6;
        out.printf("%nOne event scored at %s (POST /v1/predict/intrusions, %.1f ms round trip):%n  %s%n  -> %s%n",
                site.name(), millis, flow, answer.path("predicted_kind").asText());
    }

    private void showAlerts() {
        awaitUntil("the first alerts", () -> !alerts.isEmpty());
        out.printf("%nAlerts the sites posted to the webhook (WHEN predicted_kind <> 'normal'):%n");
        alerts.stream().limit(5).forEach(a -> out.printf("  %s %s: %s, %s ports, %s failed logins%n",
                a.path("store").asText(), a.path("ts").asText(), a.path("predicted_kind").asText(),
                a.path("distinct_ports").asText(), a.path("failed_logins").asText()));
        if (alerts.size() > 5) {
            out.printf("  ... and %d more so far%n", alerts.size() - 5);
        }
    }

    private void showSyncedCounts(long sent) {
        awaitUntil("the syncs to bring every flow's count to the core", () -> ((Number) client.query(PROJECT,
                "SELECT coalesce(sum(flows), 0) FROM flows_by_kind", List.of()).rows().get(0).get(0)).longValue()
                == sent);
        out.printf("%nAt the core, the flows counted per predicted kind, synced exactly once from each site (no raw"
                + " flow left a site):%n");
        sql("SELECT site, predicted_kind, sum(flows) AS flows, sum(bytes_out) AS bytes_out FROM flows_by_kind"
                + " GROUP BY ALL ORDER BY site, flows DESC");
        sql("SELECT site, labels, status, deployed, backlog_rows FROM lisiere.sites ORDER BY site");
    }

    /** Prints {@code sql}, runs it at the core and prints its rows or summary. */
    private LisiereClient.QueryAnswer sql(String sql) {
        out.printf("%n%s;%n", sql);
        LisiereClient.QueryAnswer answer = client.query(PROJECT, sql, List.of());
        var result = RemoteStatements.result(ScriptStatement.single(sql), answer);
        if (result.result().hasRows()) {
            OutputFormat.TABLE.renderer(0).render(result.result(), out);
        } else {
            out.println(result.summary());
        }
        out.flush();
        return answer;
    }

    private JsonNode post(URI url, String contentType, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LisiereException(ErrorCode.INTERNAL_ERROR, url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot reach " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LisiereException(ErrorCode.CANCELLED, "Interrupted", e);
        }
    }

    /** Polls {@code done} every 200 ms, for at most {@link #PATIENCE}. */
    private static void awaitUntil(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LisiereException(ErrorCode.INTERNAL_ERROR, "Waited " + PATIENCE.toSeconds() + " s for "
                        + what + " in vain");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private static URI awaitListening(Process process, String name, Path log) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            int at = line.indexOf(" listening on ");
            if (at >= 0) {
                Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "demo-" + name + "-output");
                drain.setDaemon(true);
                drain.start();
                return URI.create(line.substring(at + " listening on ".length()).split(" ", 2)[0]);
            }
        }
        throw new LisiereException(ErrorCode.INTERNAL_ERROR, "The " + name + " process stopped before it"
                + " listened: " + Files.readString(log));
    }

    /** Prints where everything runs, for {@code --keep-running}. */
    void printEndpoints() {
        out.printf("%nThe fleet keeps running:%n  core %s (log %s), admin token (shown once): %s%n", core.url(),
                core.log(), adminToken);
        sites.forEach(s -> out.printf("  site %s %s (log %s)%n", s.name(), s.url(), s.log()));
        out.printf("Try: LISIERE_TOKEN=%s bin/lisiere sql --server %s --project %s -c \"SHOW SITES\"%n", adminToken,
                core.url(), PROJECT);
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    @Override
    public void close() {
        sites.forEach(FleetDemo::stop);
        webhook.stop(0);
        stop(core);
    }

    /** Stops a process as Ctrl-C does, forcibly if it has not stopped within 30 s. */
    private static void stop(Node node) {
        node.process().destroy();
        try {
            if (!node.process().waitFor(30, TimeUnit.SECONDS)) {
                node.process().destroyForcibly();
            }
        } catch (InterruptedException e) {
            node.process().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
