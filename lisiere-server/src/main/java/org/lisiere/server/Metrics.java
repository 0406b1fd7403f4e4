package org.lisiere.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics in the Prometheus text format ({@code GET /metrics}): requests by route, method and status
 * with latency histograms, statement durations, rows returned, model training durations, and the JVM's memory,
 * threads and uptime. Labels are route templates, never raw paths, so their number stays small.
 */
final class Metrics {
    /** Upper bounds of the latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};

    /** A latency histogram. */
    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            int bucket = 0;
            while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
                bucket++;
            }
            counts[bucket].increment();
            sum.add(seconds);
        }

        void write(StringBuilder out, String name, String labels) {
            long cumulative = 0;
            String separator = labels.isEmpty() ? "" : ",";
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += counts[i].sum();
                out.append(name).append("_bucket{").append(labels).append(separator).append("le=\"")
                        .append(format(BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
            }
            cumulative += counts[BUCKETS.length].sum();
            out.append(name).append("_bucket{").append(labels).append(separator).append("le=\"+Inf\"} ")
                    .append(cumulative).append('\n');
            String braces = labels.isEmpty() ? "" : "{" + labels + "}";
            out.append(name).append("_sum").append(braces).append(' ').append(format(sum.sum())).append('\n');
            out.append(name).append("_count").append(braces).append(' ').append(cumulative).append('\n');
        }
    }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Histogram statements = new Histogram();
    private final Histogram trainings = new Histogram();
    private final AtomicLong rows = new AtomicLong();

    void request(String method, String route, int status, double seconds) {
        String labels = "method=\"" + method + "\",route=\"" + escape(route) + "\"";
        requests.computeIfAbsent(labels + ",status=\"" + status + "\"", k -> new LongAdder()).increment();
        latencies.computeIfAbsent(labels, k -> new Histogram()).observe(seconds);
    }

    void statement(double seconds, long rowsReturned) {
        statements.observe(seconds);
        rows.addAndGet(rowsReturned);
    }

    void training(double seconds) {
        trainings.observe(seconds);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP lisiere_http_requests_total HTTP requests by method, route and status.\n")
                .append("# TYPE lisiere_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((labels, count) -> out.append("lisiere_http_requests_total{").append(labels)
                .append("} ").append(count.sum()).append('\n'));
        out.append("# HELP lisiere_http_request_duration_seconds HTTP request latency by method and route.\n")
                .append("# TYPE lisiere_http_request_duration_seconds histogram\n");
        new TreeMap<>(latencies).forEach((labels, histogram) -> histogram.write(out,
                "lisiere_http_request_duration_seconds", labels));
        out.append("# HELP lisiere_statement_duration_seconds Duration of SQL statements run over the API.\n")
                .append("# TYPE lisiere_statement_duration_seconds histogram\n");
        statements.write(out, "lisiere_statement_duration_seconds", "");
        out.append("# HELP lisiere_rows_returned_total Result rows sent to clients.\n")
                .append("# TYPE lisiere_rows_returned_total counter\n")
                .append("lisiere_rows_returned_total ").append(rows.get()).append('\n');
        out.append("# HELP lisiere_model_training_duration_seconds Duration of CREATE MODEL statements.\n")
                .append("# TYPE lisiere_model_training_duration_seconds histogram\n");
        trainings.write(out, "lisiere_model_training_duration_seconds", "");
        jvm(out);
        return out.toString();
    }

    private static void jvm(StringBuilder out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        out.append("# HELP jvm_memory_used_bytes Memory used by the JVM.\n# TYPE jvm_memory_used_bytes gauge\n")
                .append("jvm_memory_used_bytes{area=\"heap\"} ").append(heap.getUsed()).append('\n')
                .append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(nonHeap.getUsed()).append('\n');
        out.append("# HELP jvm_memory_max_bytes Most memory the JVM may use (-1: no limit).\n")
                .append("# TYPE jvm_memory_max_bytes gauge\n")
                .append("jvm_memory_max_bytes{area=\"heap\"} ").append(heap.getMax()).append('\n');
        out.append("# HELP jvm_threads_live Live JVM threads.\n# TYPE jvm_threads_live gauge\n")
                .append("jvm_threads_live ").append(ManagementFactory.getThreadMXBean().getThreadCount())
                .append('\n');
        out.append("# HELP process_uptime_seconds Seconds since the process started.\n")
                .append("# TYPE process_uptime_seconds gauge\n").append("process_uptime_seconds ")
                .append(format(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String format(double value) {
        return Double.toString(value);
    }
}
