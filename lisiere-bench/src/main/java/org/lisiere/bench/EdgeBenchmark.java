package org.lisiere.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.lisiere.client.LisiereClient;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.ml.EventScorer;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.Role;
import org.lisiere.server.ServerOptions;
import org.lisiere.spi.EngineConfig;

/**
 * The edge site ({@code lisiere edge}, its own process, enrolled at a core in this JVM): P6 durable ingest over HTTP
 * against a raw DuckDB Appender writing the same rows in this JVM, P7 single-event predictions over HTTP, P8 the
 * edge's peak RSS while it ingests and scores 10k events/s, and the catch-up after a time offline.
 */
final class EdgeBenchmark {
    /**
     * The edge's JVM flags and settings for P6 and P7, a site tuned for throughput and latency
     * ({@code -Dlisiere.bench.edgeFlags} and {@code -Dlisiere.bench.edgeSettings} replace them, comma-separated).
     */
    static final List<String> EDGE_JVM_FLAGS = flags("lisiere.bench.edgeFlags",
            "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss256k");
    static final List<String> EDGE_SETTINGS = flags("lisiere.bench.edgeSettings", "--memory-limit 64MiB --threads 1");
    /** The same for P8, a site tuned for memory ({@code -Dlisiere.bench.leanFlags}, {@code …leanSettings}). */
    static final List<String> LEAN_JVM_FLAGS = flags("lisiere.bench.leanFlags",
            "-Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -Xss256k");
    static final List<String> LEAN_SETTINGS = flags("lisiere.bench.leanSettings", "--memory-limit 40MiB --threads 1");
    /**
     * glibc's malloc keeps one arena per thread unless told otherwise: most of a small process's waste
     * ({@code -Dlisiere.bench.edgeEnv=K=V,K=V} replaces them).
     */
    static final Map<String, String> EDGE_ENVIRONMENT = environment(System.getProperty("lisiere.bench.edgeEnv",
            "MALLOC_ARENA_MAX=2"));
    /** P6 alternates the edge and the Appender this many times. */
    private static final int P6_ROUNDS = 3;
    private static final String SCHEMA = "store VARCHAR, amount DOUBLE, items BIGINT, ts TIMESTAMP";
    private static final String FRAUD_MODEL = "CREATE MODEL fraud OPTIONS (model_type = 'logistic_reg',"
            + " input_label_cols = ['fraud']) AS SELECT amount, items, amount > 80 AND items < 3 AS fraud FROM (SELECT"
            + " (x * 7919) % 10000 / 100.0 AS amount, x % 9 AS items FROM range(20000) t(x))";

    private final long events;
    private final int batch;
    private final int clients;
    private final int predictions;
    private final int offlineSeconds;
    private final Path work;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> bodies = new ArrayList<>();
    /** The bodies as sent (UTF-8): the peer gets its rows already made, the clients their bytes. */
    private final List<byte[]> encoded = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();
    /** Events the site acknowledged. */
    private final java.util.concurrent.atomic.AtomicLong ingested = new java.util.concurrent.atomic.AtomicLong();

    EdgeBenchmark(long events, int batch, int clients, int predictions, int offlineSeconds, Path work,
            PrintStream out) {
        this.events = events;
        this.batch = batch;
        this.clients = clients;
        this.predictions = predictions;
        this.offlineSeconds = offlineSeconds;
        this.work = work.resolve("edge");
        this.out = out;
    }

    void run() throws Exception {
        deleteRecursively(work);
        makeEvents(new SplittableRandom(20261130L));
        ServerOptions options = ServerOptions.defaults("duckdb", new EngineConfig(Optional.empty(), 4L << 30, 2,
                Map.of()));
        Path coreData = work.resolve("core");
        LisiereServer core = LisiereServer.open(coreData, options);
        int port = core.start("127.0.0.1", 0);
        String admin = core.tokens().create(Optional.empty(), Role.ADMIN).token();
        LisiereClient client = LisiereClient.connect(URI.create("http://127.0.0.1:" + port), admin);
        client.createProject("bench");
        sql(client, "CREATE SITE TABLE events (" + SCHEMA + ") OPTIONS (residency = 'open')");
        sql(client, FRAUD_MODEL);
        String token = (String) sql(client, "CREATE SITE s1").rows().get(0).get(1);
        Process edge = startEdge(port, Optional.of(token), EDGE_JVM_FLAGS, EDGE_SETTINGS);
        try {
            URI base = awaitListening(edge);
            ingestBenchmark(base);
            sql(client, "DEPLOY MODEL fraud TO SITE s1");
            predictBenchmark(base);
            sql(client, "CREATE SCORING fraud_live ON events USING MODEL fraud");
            // P8 measures a site that runs its model, not one that has just taken millions of events in a burst
            edge.destroy();
            edge.waitFor(30, TimeUnit.SECONDS);
            edge = startEdge(port, Optional.empty(), LEAN_JVM_FLAGS, LEAN_SETTINGS);
            base = awaitListening(edge);
            awaitAnswer(base.resolve("/v1/predict/fraud"), bodies.get(0).substring(0, bodies.get(0).indexOf('\n')));
            rssBenchmark(base, edge.pid());
            core = catchUp(client, core, options, coreData, port, base);
        } finally {
            edge.destroy();
            edge.waitFor(30, TimeUnit.SECONDS);
            core.close();
        }
    }

    private void makeEvents(SplittableRandom random) {
        for (int b = 0; b < 8; b++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < batch; i++) {
                String store = String.format(Locale.ROOT, "s%02d", random.nextInt(50));
                double amount = Math.round(random.nextDouble() * 10_000) / 100.0;
                long items = 1 + random.nextInt(8);
                String ts = String.format(Locale.ROOT, "2026-11-30 %02d:%02d:%02d", random.nextInt(24),
                        random.nextInt(60), random.nextInt(60));
                body.append("{\"store\": \"").append(store).append("\", \"amount\": ").append(amount)
                        .append(", \"items\": ").append(items).append(", \"ts\": \"").append(ts).append("\"}\n");
                rows.add(new Object[] {store, amount, items, java.time.LocalDateTime.parse(ts.replace(' ', 'T'))});
            }
            bodies.add(body.toString());
            encoded.add(body.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * P6: {@code events} events in NDJSON batches from {@code clients} clients, then the same rows by Appender, in
     * {@link #P6_ROUNDS} alternating rounds: the two share the machine's two cores with whatever else runs, so a
     * single pass of each measures the moment as much as the code; the median of the rounds' ratios is the figure.
     */
    private void ingestBenchmark(URI base) throws Exception {
        URI ingest = base.resolve("/v1/ingest/events");
        post(ingest, encoded.get(0)); // warm-up
        long batches = Math.max(1, events / batch / P6_ROUNDS);
        out.printf(Locale.ROOT, "%nP6 durable ingest, %d rounds of %,d events in batches of %,d, %d clients:%n",
                P6_ROUNDS, batches * batch, batch, clients);
        double[] edgeRates = new double[P6_ROUNDS];
        double[] appenderRates = new double[P6_ROUNDS];
        double[] ratios = new double[P6_ROUNDS];
        Path peer = work.resolve("peer.duckdb");
        for (int round = 0; round < P6_ROUNDS; round++) {
            edgeRates[round] = batches * batch / ingestOverHttp(ingest, batches);
            appenderRates[round] = batches * batch / appender(peer, batches);
            ratios[round] = edgeRates[round] / appenderRates[round];
            out.printf(Locale.ROOT, "  round %d: lisiere edge POST /v1/ingest (NDJSON) %,10.0f events/s, DuckDB"
                    + " Appender (same rows, commit per batch) %,10.0f events/s, ratio %.2fx%n", round + 1,
                    edgeRates[round], appenderRates[round], ratios[round]);
        }
        out.printf(Locale.ROOT, "  median: edge %,.0f events/s, Appender %,.0f events/s, ratio %.2fx (goal: >= 100,000"
                + " events/s and >= 0.5x)%n", Runs.median(edgeRates), Runs.median(appenderRates), Runs.median(ratios));
    }

    /** Sends {@code batches} batches from {@code clients} clients; returns seconds. */
    private double ingestOverHttp(URI ingest, long batches) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int first = c;
                sent.add(pool.submit(() -> {
                    for (long b = first; b < batches; b += clients) {
                        post(ingest, encoded.get((int) (b % encoded.size())));
                        ingested.addAndGet(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    /** The peer: the same rows appended to a DuckDB file, one commit per batch; returns seconds. */
    private double appender(Path file, long batches) throws SQLException {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS events (" + SCHEMA + ")");
            }
            long start = System.nanoTime();
            for (long b = 0; b < batches; b++) {
                int offset = (int) (b % bodies.size()) * batch;
                try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
                    for (int i = 0; i < batch; i++) {
                        Object[] row = rows.get(offset + i);
                        appender.beginRow();
                        appender.append((String) row[0]);
                        appender.append((double) row[1]);
                        appender.append((long) row[2]);
                        appender.append((java.time.LocalDateTime) row[3]);
                        appender.endRow();
                    }
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** P7: single events through POST /v1/predict, one at a time on a kept-alive connection. */
    private void predictBenchmark(URI base) throws IOException {
        URI predict = base.resolve("/v1/predict/fraud");
        String event = bodies.get(0).substring(0, bodies.get(0).indexOf('\n'));
        awaitAnswer(predict, event);
        Histogram latencies = new Histogram(60_000_000L, 3);
        // a plain HTTP/1.1 connection, kept alive: the JDK's clients add their own latency to every call
        byte[] request = event.getBytes(StandardCharsets.UTF_8);
        try (PlainHttp http = new PlainHttp(base)) {
            for (int i = 0; i < 1_000 + predictions; i++) {
                long start = System.nanoTime();
                PlainHttp.Answer answer = http.post("/v1/predict/fraud", Map.of("Content-Type", "application/json"),
                        request);
                answer.body().close();
                if (answer.status() != 200) {
                    throw new IllegalStateException("The edge answered " + answer.status());
                }
                if (i >= 1_000) {
                    latencies.recordValue((System.nanoTime() - start) / 1_000);
                }
            }
        }
        out.printf(Locale.ROOT, "%nP7 POST /v1/predict/fraud, %,d single events (after 1,000 to warm up), edge %s"
                + " %s:%n", predictions, String.join(" ", EDGE_JVM_FLAGS), String.join(" ", EDGE_SETTINGS));
        out.printf(Locale.ROOT, "  p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (goal: p99 <= 2 ms)%n",
                latencies.getValueAtPercentile(50) / 1e3, latencies.getValueAtPercentile(99) / 1e3,
                latencies.getValueAtPercentile(99.9) / 1e3, latencies.getMaxValue() / 1e3);
        inProcess();
    }

    /** P7 in process: the same model and event through {@link EventScorer}, as the edge scores them in Java. */
    private void inProcess() {
        try (Lisiere local = Lisiere.of(Lisiere.factory("duckdb").open(EngineConfig.inMemory(1L << 30, 2)),
                work.resolve("in-process")); LisiereSession session = local.openSession()) {
            session.execute(ScriptStatement.single(FRAUD_MODEL)).close();
            EventScorer scorer = EventScorer.of(local.models().active("fraud")).orElseThrow();
            Object[] row = rows.get(0);
            Map<String, Object> event = new java.util.LinkedHashMap<>();
            event.put("store", row[0]);
            event.put("amount", row[1]);
            event.put("items", row[2]);
            event.put("ts", row[3].toString());
            long sink = 0;
            for (int i = 0; i < 200_000; i++) {
                sink += scorer.predict(event).orElseThrow().size();
            }
            Histogram latencies = new Histogram(1_000_000_000L, 3);
            for (int i = 0; i < 100_000; i++) {
                long start = System.nanoTime();
                sink += scorer.predict(event).orElseThrow().size();
                latencies.recordValue(System.nanoTime() - start);
            }
            out.printf(Locale.ROOT, "  in process (EventScorer), 100,000 events: p50 %.2f us, p99 %.2f us, p99.9 %.2f"
                    + " us (goal: p99 <= 20 us) [%d]%n", latencies.getValueAtPercentile(50) / 1e3,
                    latencies.getValueAtPercentile(99) / 1e3, latencies.getValueAtPercentile(99.9) / 1e3,
                    sink % 2);
        }
    }

    /** P8: the edge's peak RSS while it ingests and scores 10,000 events/s for 30 s. */
    private void rssBenchmark(URI base, long pid) throws IOException {
        URI ingest = base.resolve("/v1/ingest/events");
        int perTick = 1_000;
        String body = String.join("\n", bodies.get(1).lines().limit(perTick).toList()) + "\n";
        long ticks = 300;
        long start = System.nanoTime();
        long rssMax = 0;
        for (long tick = 0; tick < ticks; tick++) {
            LockSupport.parkNanos(start + tick * 100_000_000L - System.nanoTime());
            ingest(ingest, body, perTick);
            if (tick % 10 == 0) {
                rssMax = Math.max(rssMax, status(pid, "VmRSS:"));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%nP8 edge RSS while ingesting and scoring %,.0f events/s for %.0f s (model fraud):%n",
                ticks * perTick / seconds, seconds);
        out.printf(Locale.ROOT, "  RSS max sampled %.0f MB, peak (VmHWM) %.0f MB (goal: <= 200 MB); at the end %.0f MB"
                + " anonymous, %.0f MB mapped files%n", rssMax / 1024.0, status(pid, "VmHWM:") / 1024.0,
                status(pid, "RssAnon:") / 1024.0, status(pid, "RssFile:") / 1024.0);
        out.println("  edge JVM flags: " + String.join(" ", LEAN_JVM_FLAGS) + "; environment " + EDGE_ENVIRONMENT
                + "; lisiere edge "
                + String.join(" ", LEAN_SETTINGS));
    }

    /**
     * Catch-up: the core stops, the site ingests {@code offlineSeconds} at 10,000 events/s, syncing every 5 s into
     * its outbox (raw rows, the largest backlog), the core comes back; time until every row is at the core.
     */
    private LisiereServer catchUp(LisiereClient client, LisiereServer core, ServerOptions options, Path coreData,
            int port, URI base) throws IOException {
        sql(client, "CREATE SYNC events_up FROM SITES EVERY '5 seconds' AS SELECT * FROM events");
        core.close();
        URI ingest = base.resolve("/v1/ingest/events");
        int perTick = 1_000;
        String body = String.join("\n", bodies.get(2).lines().limit(perTick).toList()) + "\n";
        long ticks = offlineSeconds * 10L;
        long start = System.nanoTime();
        for (long tick = 0; tick < ticks; tick++) {
            LockSupport.parkNanos(start + tick * 100_000_000L - System.nanoTime());
            ingest(ingest, body, perTick);
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(6)); // the last sync run makes its batch
        LisiereServer back = LisiereServer.open(coreData, options);
        back.start("127.0.0.1", port);
        long returned = System.nanoTime();
        long expected = ingested.get(); // the sync's first run reads every row the site holds
        long atCore = 0;
        while (atCore < expected) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            atCore = ((Number) sql(client, "SELECT count(*) FROM events_up").rows().get(0).get(0)).longValue();
        }
        double seconds = (System.nanoTime() - returned) / 1e9;
        out.printf(Locale.ROOT, "%nCatch-up after %d s offline at 10,000 events/s (sync every 5 s, raw rows):%n",
                offlineSeconds);
        out.printf(Locale.ROOT, "  %,d rows at the core %.1f s after it came back (%,.0f rows/s)%n", atCore, seconds,
                atCore / seconds);
        return back;
    }

    private LisiereClient.QueryAnswer sql(LisiereClient client, String sql) {
        return client.query("bench", sql, List.of());
    }

    private void ingest(URI url, String body, int events) {
        post(url, body);
        ingested.addAndGet(events);
    }

    private String post(URI url, String body) {
        return post(url, body.getBytes(StandardCharsets.UTF_8));
    }

    private String post(URI url, byte[] body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code url} answers 200: the site has the model. */
    private void awaitAnswer(URI url, String body) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                post(url, body);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    /** {@code K=V,K=V} as a map in that order. */
    private static Map<String, String> environment(String variables) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        for (String variable : variables.split("[ ,]+")) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                environment.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        return java.util.Collections.unmodifiableMap(environment);
    }

    private static List<String> flags(String property, String fallback) {
        return List.of(System.getProperty(property, fallback).split("[ ,]+"));
    }

    /** Starts the edge, enrolling with {@code token} the first time, resuming afterwards. */
    private Process startEdge(int corePort, Optional<String> token, List<String> flags, List<String> settings)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(flags);
        // the product's class path, as bin/lisiere runs it: the bench's own holds Spark and the other peers
        Path cli = Path.of("lisiere-cli", "target").toAbsolutePath();
        command.addAll(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                cli.resolve("lisiere-cli.jar") + java.io.File.pathSeparator + cli.resolve("lib") + "/*",
                "org.lisiere.cli.Main", "edge", "--data",
                work.resolve("site").toString(), "--port", "0", "--heartbeat", "1s"));
        command.addAll(settings);
        token.ifPresent(t -> command.addAll(List.of("--core", "http://127.0.0.1:" + corePort, "--enroll", t)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
                work.resolve("edge.log").toFile()));
        builder.environment().putAll(EDGE_ENVIRONMENT);
        return builder.start();
    }

    private static URI awaitListening(Process edge) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(edge.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            int at = line.indexOf(" listening on ");
            if (at >= 0) {
                return URI.create(line.substring(at + " listening on ".length()).strip());
            }
        }
        throw new IllegalStateException("The edge stopped before it listened");
    }

    /** A {@code /proc/<pid>/status} field in kB. */
    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        return 0;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var walk = Files.walk(directory)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(directory);
    }
}
