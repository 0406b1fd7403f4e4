package org.lisiere.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server under concurrent load: {@code clients} threads for {@code seconds}, each looping over a mix of
 * analytic queries (60 %), ML.PREDICT scoring (30 %) and table uploads (10 %) on one project; reports requests,
 * errors (any answer but 200) and latency percentiles per kind.
 */
final class LoadBenchmark {
    private static final String PROJECT = "load";
    private static final int EVENTS = 200_000;
    private static final int UPLOAD_ROWS = 1_000;

    private final int clients;
    private final int seconds;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    LoadBenchmark(int clients, int seconds, PrintStream out) {
        this.clients = clients;
        this.seconds = seconds;
        this.out = out;
    }

    /** One kind of request and the latencies (ms) of its successful calls. */
    private record Kind(String name, ConcurrentLinkedQueue<Double> latencies, AtomicLong errors) {
        Kind(String name) {
            this(name, new ConcurrentLinkedQueue<>(), new AtomicLong());
        }
    }

    void run(String base, String token) throws IOException, InterruptedException {
        setUp(base, token);
        Kind query = new Kind("query");
        Kind predict = new Kind("predict");
        Kind upload = new Kind("upload");
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        byte[] csv = uploadCsv();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    int slot = (client + i) % 10;
                    Kind kind = slot == 0 ? upload : slot <= 3 ? predict : query;
                    HttpRequest request = slot == 0 ? uploadRequest(base, token, client % 8, csv)
                            : queryRequest(base, token, slot <= 3 ? "SELECT count(*), avg(predicted_amount) FROM"
                                    + " ML.PREDICT(MODEL spend, (SELECT * FROM events WHERE id % 64 = " + client
                                    + "))" : "SELECT kind, count(*), avg(amount), max(amount) FROM events WHERE id % 64"
                                    + " = " + client + " GROUP BY kind ORDER BY kind");
                    call(request, kind, firstErrors);
                }
            }, "load-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        report(List.of(query, predict, upload), firstErrors);
    }

    /** Project {@code load} (kept from an earlier run, or new): a table of events and a linear model on it. */
    private void setUp(String base, String token) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/v1/projects")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + PROJECT + "\"}")).build(), 201, 409);
        send(queryRequest(base, token, "CREATE OR REPLACE TABLE events AS SELECT range AS id, ['pos', 'refund',"
                + " 'void'][range % 3 + 1] AS kind, (range % 97) * 1.5 AS amount, range % 13 AS items FROM range("
                + EVENTS + "); CREATE OR REPLACE MODEL spend OPTIONS (model_type = 'linear_reg', input_label_cols ="
                + " ['amount']) AS SELECT kind, items, amount FROM events"), 200);
    }

    private static byte[] uploadCsv() {
        StringBuilder csv = new StringBuilder("id,kind,amount\n");
        for (int r = 0; r < UPLOAD_ROWS; r++) {
            csv.append(r).append(",pos,").append(r % 50).append(".25\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpRequest queryRequest(String base, String token, String sql) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/projects/" + PROJECT + "/query"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ServerBenchmark.json(sql))).build();
    }

    private static HttpRequest uploadRequest(String base, String token, int table, byte[] csv) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/projects/" + PROJECT + "/tables/upload_" + table))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(csv)).build();
    }

    private void call(HttpRequest request, Kind kind, ConcurrentLinkedQueue<String> firstErrors) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                kind.latencies().add((System.nanoTime() - started) / 1e6);
                return;
            }
            noteError(kind, firstErrors, "HTTP " + response.statusCode() + " " + response.body());
        } catch (IOException e) {
            noteError(kind, firstErrors, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void noteError(Kind kind, ConcurrentLinkedQueue<String> firstErrors, String error) {
        kind.errors().incrementAndGet();
        if (firstErrors.size() < 5) {
            firstErrors.add(kind.name() + ": " + error);
        }
    }

    private void send(HttpRequest request, int... expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (java.util.Arrays.stream(expected).noneMatch(status -> status == response.statusCode())) {
            throw new IllegalStateException("Set-up failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private void report(List<Kind> kinds, ConcurrentLinkedQueue<String> firstErrors) {
        out.printf(Locale.ROOT, "%nLoad: %d concurrent clients for %d s on one project (60%% queries, 30%%"
                + " ML.PREDICT, 10%% uploads of %,d rows)%n", clients, seconds, UPLOAD_ROWS);
        out.printf(Locale.ROOT, "%-8s %9s %7s %9s %9s %9s %9s%n", "kind", "requests", "errors", "per s", "p50 ms",
                "p99 ms", "max ms");
        List<Double> all = new ArrayList<>();
        long errors = 0;
        for (Kind kind : kinds) {
            double[] sorted = kind.latencies().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            kind.latencies().forEach(all::add);
            errors += kind.errors().get();
            row(kind.name(), sorted, kind.errors().get());
        }
        row("all", all.stream().mapToDouble(Double::doubleValue).sorted().toArray(), errors);
        firstErrors.forEach(e -> out.println("  error: " + e));
    }

    private void row(String name, double[] sorted, long errors) {
        out.printf(Locale.ROOT, "%-8s %9d %7d %9.1f %9.1f %9.1f %9.1f%n", name, sorted.length + errors, errors,
                sorted.length / (double) seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
