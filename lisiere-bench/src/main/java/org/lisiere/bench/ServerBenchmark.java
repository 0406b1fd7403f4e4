package org.lisiere.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.lisiere.core.Lisiere;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.Role;
import org.lisiere.server.ServerOptions;
import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.EngineSession;
import org.lisiere.testing.TpchData;
import org.lisiere.testing.TpchQueries;

/**
 * The core server ({@code lisiere serve}, in this JVM, on a real port): P9, the 22 TPC-H queries through
 * {@code POST …/query} as Arrow streams against raw DuckDB JDBC on the same database instance (the driver shares
 * instances by path and configuration, so both sides use one buffer pool and one thread pool), alternating run by run,
 * after {@value #WARM_UP_REQUESTS} small queries on both sides warm the JIT as a long-running server's traffic would;
 * then a large result streamed as Arrow and as JSON, with the JVM's peak heap;
 * then the concurrent load test ({@link LoadBenchmark}).
 */
final class ServerBenchmark {
    private static final long MEMORY_LIMIT = 8L << 30;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final String ARROW = "application/vnd.apache.arrow.stream";
    private static final int WARM_UP_REQUESTS = 3_000;
    private static final List<String> WARM_UP_QUERIES = List.of("SELECT 1",
            "SELECT n_nationkey, n_name, n_regionkey, n_comment FROM nation ORDER BY n_nationkey",
            "SELECT o_orderkey, o_orderdate, o_totalprice, o_orderstatus FROM orders ORDER BY o_orderkey LIMIT 100",
            "SELECT l_returnflag, count(*) AS n, sum(l_extendedprice) AS revenue, avg(l_discount) AS discount"
                    + " FROM lineitem WHERE l_orderkey < 1000 GROUP BY l_returnflag ORDER BY l_returnflag");

    private final double scale;
    private final int runs;
    private final long streamRows;
    private final List<String> parts;
    private final LoadBenchmark load;
    private final Path work;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private long sink;

    /** @param parts which parts to run: p9, stream, load */
    ServerBenchmark(double scale, int runs, long streamRows, List<String> parts, LoadBenchmark load, Path work,
            PrintStream out) {
        this.scale = scale;
        this.parts = List.copyOf(parts);
        this.runs = runs;
        this.streamRows = streamRows;
        this.load = load;
        this.work = work;
        this.out = out;
    }

    void run() throws IOException, SQLException, InterruptedException {
        Path data = work.resolve("server-sf" + scale);
        prepare(data);
        ServerOptions options = ServerOptions.defaults("duckdb", new EngineConfig(Optional.empty(), MEMORY_LIMIT,
                THREADS, Map.of()));
        try (LisiereServer server = LisiereServer.open(data, options)) {
            String token = server.tokens().create(Optional.empty(), Role.ADMIN).token();
            String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
            if (parts.contains("p9")) {
                tpch(base, token, data.resolve("projects/tpch"));
            }
            if (parts.contains("stream")) {
                stream(base, token);
            }
            if (parts.contains("load")) {
                load.run(base, token);
            }
        }
    }

    /** Loads TPC-H into project {@code tpch} once. */
    private void prepare(Path data) throws IOException {
        Path database = data.resolve("projects/tpch/data");
        if (Files.exists(data.resolve("READY"))) {
            return;
        }
        Files.createDirectories(data.resolve("projects/tpch/uploads"));
        long started = System.nanoTime();
        try (Engine engine = Lisiere.factory("duckdb").open(new EngineConfig(Optional.of(database), MEMORY_LIMIT,
                THREADS, Map.of())); EngineSession session = engine.openSession()) {
            Path files = Files.createDirectories(data.resolve("generated"));
            TpchData.load(session, scale, files);
        }
        Files.writeString(data.resolve("READY"), "");
        out.printf(Locale.ROOT, "Generated and loaded TPC-H SF%s in %.0f s%n", scale,
                (System.nanoTime() - started) / 1e9);
    }

    private void tpch(String base, String token, Path project) throws SQLException, IOException {
        double[][] lisiere = new double[22][runs];
        double[][] duckdb = new double[22][runs];
        try (PlainHttp http = new PlainHttp(URI.create(base)); BufferAllocator memory = new RootAllocator()) {
            timeServer(http, token, "SELECT 1", memory); // opens the project's engine before the peer connects
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + project.resolve(
                    "data/lisiere.duckdb").toAbsolutePath(), jdbcProperties(project))) {
                warmUp(http, token, connection, memory);
                for (int q = 1; q <= 22; q++) {
                    timeQuery(http, token, connection, memory, q, lisiere, duckdb);
                }
            }
        }
        report(lisiere, duckdb);
    }

    /**
     * Small queries whose results hold TPC-H's column types, run {@link #WARM_UP_REQUESTS} times on both sides before
     * anything is timed: the 22 queries × 6 runs are too few requests for the JIT to compile the server's request
     * path (HTTP, JSON, the checks, Arrow), which a long-running server has compiled; measured cold, each request
     * took 4–8 ms more than JDBC, warm about 1.5 ms (q2: handler besides the statement 2.3 → 0.8 ms).
     */
    private void warmUp(PlainHttp http, String token, Connection connection, BufferAllocator memory)
            throws SQLException, IOException {
        for (int i = 0; i < WARM_UP_REQUESTS; i++) {
            String sql = WARM_UP_QUERIES.get(i % WARM_UP_QUERIES.size());
            timeServer(http, token, sql, memory);
            timeJdbc(connection, List.of(sql));
        }
    }

    /** One warm-up and {@code runs} timed runs of TPC-H query {@code q}, alternating the server and JDBC. */
    private void timeQuery(PlainHttp http, String token, Connection connection, BufferAllocator memory, int q,
            double[][] lisiere, double[][] duckdb) throws SQLException, IOException {
        List<String> statements = TpchQueries.statements(q);
        for (int run = -1; run < runs; run++) {
            double l = timeServer(http, token, String.join(";\n", statements), memory);
            double d = timeJdbc(connection, statements);
            if (run >= 0) {
                lisiere[q - 1][run] = l;
                duckdb[q - 1][run] = d;
            }
        }
    }

    /** The configuration the server opens the project's database with, so that the driver shares the instance. */
    private static Properties jdbcProperties(Path project) {
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("memory_limit", MEMORY_LIMIT / (1024 * 1024) + "MiB");
        properties.setProperty("threads", Integer.toString(THREADS));
        properties.setProperty("temp_directory", project.resolve("data/tmp").toAbsolutePath().toString());
        properties.setProperty("enable_external_access", "false");
        properties.setProperty("allowed_directories", "['" + project.resolve("uploads").toAbsolutePath().normalize()
                + "/']");
        return properties;
    }

    /**
     * One request for the statements, the Arrow stream read value by value; returns milliseconds. The request goes
     * through {@link PlainHttp}, which measures the server and not the client (see there).
     */
    private double timeServer(PlainHttp http, String token, String sql, BufferAllocator memory) throws IOException {
        long started = System.nanoTime();
        PlainHttp.Answer answer = http.post("/v1/projects/tpch/query", Map.of("Authorization", "Bearer " + token,
                "Accept", ARROW, "Content-Type", "application/json"),
                json(sql).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (answer.status() != 200) {
            try (InputStream error = answer.body()) {
                throw new IllegalStateException("HTTP " + answer.status() + ": " + new String(error.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        try (InputStream body = answer.body(); ArrowStreamReader reader = new ArrowStreamReader(body, memory)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                for (FieldVector vector : root.getFieldVectors()) {
                    for (int r = 0; r < root.getRowCount(); r++) {
                        sink += vector.getObject(r) == null ? 0 : 1;
                    }
                }
            }
        }
        return (System.nanoTime() - started) / 1e6;
    }

    private double timeJdbc(Connection connection, List<String> statements) throws SQLException {
        long started = System.nanoTime();
        sink += JdbcPeer.readAll(connection, statements);
        return (System.nanoTime() - started) / 1e6;
    }

    private static HttpRequest query(String base, String token, String sql, String accept) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/projects/tpch/query"))
                .header("Authorization", "Bearer " + token).header("Accept", accept)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(sql))).build();
    }

    /** A query request's body. */
    static String json(String sql) {
        return "{\"sql\": \"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                .quoteAsString(sql)) + "\"}";
    }

    private void report(double[][] lisiere, double[][] duckdb) {
        out.printf(Locale.ROOT, "%nP9: TPC-H SF%s through POST /query (Arrow) vs raw DuckDB JDBC, %d threads, %,d"
                + " warm-up requests on each side, then %d warm runs of each query, alternating%n", scale, THREADS,
                WARM_UP_REQUESTS, runs);
        out.printf(Locale.ROOT, "%-6s %10s %10s %8s   %10s %10s %8s%n", "query", "server", "jdbc", "median",
                "server", "jdbc", "min");
        double[] totals = new double[4];
        for (int q = 0; q < 22; q++) {
            double lm = Runs.median(lisiere[q]);
            double dm = Runs.median(duckdb[q]);
            double ln = Arrays.stream(lisiere[q]).min().orElseThrow();
            double dn = Arrays.stream(duckdb[q]).min().orElseThrow();
            totals[0] += lm;
            totals[1] += dm;
            totals[2] += ln;
            totals[3] += dn;
            out.printf(Locale.ROOT, "q%-5d %10.1f %10.1f %7.3fx   %10.1f %10.1f %7.3fx%n", q + 1, lm, dm, lm / dm, ln,
                    dn, ln / dn);
        }
        out.printf(Locale.ROOT, "total: medians %.0f ms vs %.0f ms = %.3fx, minimums %.0f ms vs %.0f ms = %.3fx"
                + " (goal <= 1.1x)%n", totals[0], totals[1], totals[0] / totals[1], totals[2], totals[3],
                totals[2] / totals[3]);
    }

    /** A large result streamed as Arrow and as JSON, with the peak heap of this JVM (server and client) meanwhile. */
    private void stream(String base, String token) throws IOException, InterruptedException {
        String sql = "SELECT range AS id, range * 0.5 AS x, 'item-' || (range % 1000) AS label FROM range("
                + streamRows + ")";
        out.printf(Locale.ROOT, "%nStreaming %,d rows (BIGINT, DOUBLE, VARCHAR) through POST /query; heap: -Xmx%d MB%n",
                streamRows, Runtime.getRuntime().maxMemory() >> 20);
        for (String accept : List.of(ARROW, "application/json")) {
            HeapPeak peak = HeapPeak.start();
            long started = System.nanoTime();
            long received;
            HttpResponse<InputStream> response = http.send(query(base, token, sql, accept),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                received = accept.equals(ARROW) ? arrowRows(body) : body.transferTo(OutputStreamSink.INSTANCE);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "  %-36s %6.1f s, %s, heap before %d MB, peak %d MB%n", accept, seconds,
                    accept.equals(ARROW) ? String.format(Locale.ROOT, "%,d rows", received)
                            : String.format(Locale.ROOT, "%,d bytes", received), peak.baselineMb(), peak.stopMb());
        }
    }

    private static long arrowRows(InputStream body) throws IOException {
        long rows = 0;
        try (BufferAllocator memory = new RootAllocator(); ArrowStreamReader reader = new ArrowStreamReader(body,
                memory)) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        return rows;
    }

    /** Samples the heap in use every 10 ms until stopped: the peak of one request. */
    private static final class HeapPeak {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final long baseline;
        private final Thread sampler;
        private volatile boolean running = true;

        private HeapPeak() {
            System.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static HeapPeak start() {
            return new HeapPeak();
        }

        long baselineMb() {
            return baseline >> 20;
        }

        long stopMb() throws InterruptedException {
            running = false;
            sampler.join();
            return peak.get() >> 20;
        }
    }

    /** Discards bytes, counting nothing itself: transferTo returns the count. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
            // discarded
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // discarded
        }
    }
}
