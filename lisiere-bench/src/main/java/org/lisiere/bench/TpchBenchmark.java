package org.lisiere.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
import org.lisiere.core.Lisiere;
import org.lisiere.spi.Batch;
import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.QueryResult;
import org.lisiere.testing.TpchData;
import org.lisiere.testing.TpchQueries;

/**
 * TPC-H: the 22 queries through Lisière's engine API against raw DuckDB JDBC on the same database file, same
 * threads and memory limit, in the same JVM, warm, median of N runs. Every row of every result is read on both
 * sides (batches through the SPI, {@code getObject} per value through JDBC).
 */
final class TpchBenchmark {
    private static final long MEMORY_LIMIT = 8L << 30;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    private final double scale;
    private final int runs;
    private final Path work;
    private final PrintStream out;
    /** Keeps the JIT from discarding the reads of result values. */
    private long sink;

    TpchBenchmark(double scale, int runs, Path work, PrintStream out) {
        this.scale = scale;
        this.runs = runs;
        this.work = work;
        this.out = out;
    }

    void run() throws IOException, SQLException {
        Path data = work.resolve("tpch-sf" + scale);
        prepare(data);
        double[][] lisiere = new double[22][runs];
        double[][] duckdb = new double[22][runs];
        // Both sides share one DuckDB instance (the driver caches instances by path), hence one buffer pool, and
        // alternate run by run so that drift of the machine hits both alike.
        try (Engine engine = open(data); EngineSession session = engine.openSession();
                Connection connection = DriverManager.getConnection(url(data), jdbcProperties(data))) {
            for (int q = 1; q <= 22; q++) {
                List<String> statements = TpchQueries.statements(q);
                for (int run = -1; run < runs; run++) {
                    double l = timeLisiere(session, statements);
                    double d = timeJdbc(connection, statements);
                    if (run >= 0) {
                        lisiere[q - 1][run] = l;
                        duckdb[q - 1][run] = d;
                    }
                }
            }
        }
        report(lisiere, duckdb);
    }

    private void prepare(Path data) throws IOException {
        if (Files.exists(data.resolve("READY"))) {
            return;
        }
        Files.createDirectories(data);
        long started = System.nanoTime();
        try (Engine engine = open(data); EngineSession session = engine.openSession()) {
            Path files = Files.createDirectories(data.resolve("files"));
            TpchData.load(session, scale, files);
            try (var generated = Files.list(files)) {
                for (Path file : generated.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.writeString(data.resolve("READY"), "");
        out.printf(Locale.ROOT, "Generated and loaded TPC-H SF%s in %.0f s%n", scale,
                (System.nanoTime() - started) / 1e9);
    }

    private static Engine open(Path data) {
        return Lisiere.factory("duckdb").open(new EngineConfig(Optional.of(data.resolve("db")), MEMORY_LIMIT, THREADS,
                Map.of()));
    }

    private static String url(Path data) {
        return "jdbc:duckdb:" + data.resolve("db").resolve("lisiere.duckdb").toAbsolutePath();
    }

    /** The settings Lisière's DuckDB engine opens the database with. */
    private static Properties jdbcProperties(Path data) {
        Properties properties = new Properties();
        properties.setProperty("temp_directory", data.resolve("db").resolve("tmp").toAbsolutePath().toString());
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("memory_limit", MEMORY_LIMIT / (1024 * 1024) + "MiB");
        properties.setProperty("threads", Integer.toString(THREADS));
        return properties;
    }

    /** Runs the statements through the engine SPI, reading every value of every batch; returns milliseconds. */
    private double timeLisiere(EngineSession session, List<String> statements) {
        long started = System.nanoTime();
        for (String statement : statements) {
            try (QueryResult result = session.execute(statement)) {
                for (Optional<Batch> b = result.nextBatch(); b.isPresent(); b = result.nextBatch()) {
                    consume(b.get());
                }
            }
        }
        return (System.nanoTime() - started) / 1e6;
    }

    /** Runs the statements through plain JDBC, reading every value with getObject; returns milliseconds. */
    private double timeJdbc(Connection connection, List<String> statements) throws SQLException {
        long started = System.nanoTime();
        sink += JdbcPeer.readAll(connection, statements);
        return (System.nanoTime() - started) / 1e6;
    }

    private void consume(Batch batch) {
        for (int c = 0; c < batch.columns().size(); c++) {
            for (int r = 0; r < batch.rowCount(); r++) {
                Object value = batch.column(c).get(r);
                sink += value == null ? 0 : 1;
            }
        }
    }

    /**
     * Prints medians and minimums per query. On a shared machine whose CPU is contended (check
     * {@code /proc/pressure/cpu}), single runs vary by an order of magnitude; the minimum is the least disturbed
     * measurement, the median the typical one.
     */
    private void report(double[][] lisiere, double[][] duckdb) {
        out.printf(Locale.ROOT, "%nTPC-H SF%s, %d threads, %d warm runs each, alternating; %s, %s, %d cores%n", scale,
                THREADS, runs, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.arch"), ManagementFactory.getOperatingSystemMXBean().getAvailableProcessors());
        out.printf(Locale.ROOT, "%-6s %10s %10s %8s   %10s %10s %8s%n", "query", "lisiere", "duckdb", "median",
                "lisiere", "duckdb", "min");
        double logMedian = 0;
        double logMin = 0;
        for (int q = 0; q < 22; q++) {
            double lm = Runs.median(lisiere[q]);
            double dm = Runs.median(duckdb[q]);
            double ln = Arrays.stream(lisiere[q]).min().orElseThrow();
            double dn = Arrays.stream(duckdb[q]).min().orElseThrow();
            logMedian += Math.log(lm / dm);
            logMin += Math.log(ln / dn);
            out.printf(Locale.ROOT, "q%-5d %10.1f %10.1f %7.3fx   %10.1f %10.1f %7.3fx%n", q + 1, lm, dm, lm / dm, ln, dn,
                    ln / dn);
        }
        out.printf(Locale.ROOT, "geometric mean of ratios: medians %.3fx, minimums %.3fx (goal <= 1.05x)%n",
                Math.exp(logMedian / 22), Math.exp(logMin / 22));
        out.printf("(checksum %d)%n", sink);
    }

}
