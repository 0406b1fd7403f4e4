package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the edge at random points during ingest and sync: every acknowledged event reaches the core exactly
 * once after recovery (docs/sync-protocol.md). Two sites are killed independently, half of the trials each; the soak
 * run takes more with {@code -Dlisiere.crash.trials=200}.
 */
class EdgeCrashTest {
    /** Trials in CI; the soak run takes more with -Dlisiere.crash.trials=200. */
    private static final int TRIALS = Integer.getInteger("lisiere.crash.trials", 20);
    private static final long SEED = 20261130L;

    @TempDir
    Path root;

    private CoreAndEdges fleet;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startCore() {
        fleet = new CoreAndEdges(root);
        fleet.core("CREATE SITE TABLE events (id BIGINT) OPTIONS (residency = 'open')");
        fleet.core("CREATE SYNC events_up FROM SITES EVERY '1 second' AS SELECT id FROM events WHERE id > LAST");
    }

    @AfterEach
    void stopAll() {
        fleet.close();
    }

    /** What a lane of trials sent: the ids the edge acknowledged, and the end of the ids sent. */
    private record Lane(String site, Set<Long> acknowledged, long sent) {}

    @Test
    void everyAcknowledgedEventReachesTheCoreExactlyOnceAcrossKills() throws Exception {
        // two sites, killed independently: twice the trials in the time, as each trial mostly waits for a JVM start
        List<String> sites = List.of("north", "south");
        for (String site : sites) {
            fleet.stop(fleet.enroll(site, fleet.createSite(site, "")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(sites.size());
        List<Future<Lane>> running = new ArrayList<>();
        for (int lane = 0; lane < sites.size(); lane++) {
            String site = sites.get(lane);
            long seed = SEED + lane;
            running.add(pool.submit(() -> trials(site, TRIALS / sites.size(), new SplittableRandom(seed))));
        }
        List<Lane> lanes = new ArrayList<>();
        for (Future<Lane> lane : running) {
            lanes.add(lane.get());
        }
        pool.shutdown();

        for (Lane lane : lanes) {
            CoreAndEdges.Edge recovered = fleet.resume(lane.site());
            assertThat(recovered.agent().syncNow()).isTrue();
            String where = " FROM events_up WHERE site = '" + lane.site() + "'";
            List<List<String>> counts = fleet.rows("SELECT count(*), count(DISTINCT id)" + where);
            Set<Long> atCore = fleet.rows("SELECT id" + where).stream().map(r -> Long.parseLong(r.get(0)))
                    .collect(Collectors.toSet());
            assertThat(lane.acknowledged()).as(lane.site()).isNotEmpty();
            assertThat(counts.get(0).get(0)).as("no event twice at %s", lane.site()).isEqualTo(counts.get(0).get(1));
            assertThat(atCore).as("every acknowledged event of %s", lane.site()).containsAll(lane.acknowledged());
            assertThat(atCore).as("only events that %s was sent", lane.site())
                    .allMatch(id -> id >= 1 && id < lane.sent());
        }
    }

    /** {@code count} trials at {@code site}: start its edge, send batches for a random while, kill it. */
    private Lane trials(String site, int count, SplittableRandom random) throws Exception {
        Set<Long> acknowledged = new HashSet<>();
        long next = 1;
        for (int trial = 0; trial < count; trial++) {
            Process edge = start(root.resolve(site));
            try {
                URI ingest = URI.create("http://127.0.0.1:" + awaitPort(edge) + "/v1/ingest/events");
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(50, 1000));
                while (System.nanoTime() < killAt) {
                    long first = next;
                    next += 25;
                    if (send(ingest, first, next)) {
                        LongStream.range(first, next).forEach(acknowledged::add);
                    }
                }
            } finally {
                edge.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        return new Lane(site, acknowledged, next);
    }

    /** Sends ids [first, end) as one batch; true when the edge acknowledged it. */
    private boolean send(URI ingest, long first, long end) {
        String body = LongStream.range(first, end).mapToObj(id -> "{\"id\": " + id + "}")
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ingest)
                    .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "b" + first)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // the edge died mid-request: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Process start(Path data) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "-Dslf4j.internal.verbosity=WARN",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", EdgeProcess.class.getName(), data.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int awaitPort(Process edge) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(edge.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("ready ")) {
                Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "edge-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring("ready ".length()));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("The edge process ended before it was ready:\n" + seen);
    }
}
