package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.lisiere.server.ServerOptions;

/**
 * How an edge site runs.
 *
 * @param data the site's data directory: identity, database, models, spooled batches
 * @param core the core's URL, used to enroll (afterwards the identity's URL is used)
 * @param coreCertificates PEM certificates to trust for an HTTPS core, else the system's
 * @param tls the certificate and key when the edge itself speaks HTTPS
 * @param heartbeatEvery how often the site reports to the core and fetches what it should have
 * @param uplinkTimeout how long the site waits for the core's answer to one request before it retries later
 * @param maxBatchBytes the largest ingest batch
 * @param memoryLimitBytes the local engine's memory limit
 * @param maxBacklogRows the most result rows kept waiting for the core
 * @param dropOldest what happens beyond: the oldest waiting batches are dropped (true) or ingest is refused (false)
 * @param mqtt the MQTT broker to subscribe to for site tables with a topic
 */
public record EdgeOptions(Path data, Optional<URI> core, Optional<Path> coreCertificates,
        Optional<ServerOptions.TlsFiles> tls, Duration heartbeatEvery, Duration uplinkTimeout, long maxBatchBytes,
        long memoryLimitBytes, int threads, long maxBacklogRows, boolean dropOldest, Optional<URI> mqtt) {
    /** Batches up to this size unless configured otherwise. */
    public static final long DEFAULT_MAX_BATCH_BYTES = 64L << 20;

    public EdgeOptions {
        requireNonNull(data, "data is null");
        requireNonNull(core, "core is null");
        requireNonNull(coreCertificates, "coreCertificates is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(heartbeatEvery, "heartbeatEvery is null");
        requireNonNull(uplinkTimeout, "uplinkTimeout is null");
        requireNonNull(mqtt, "mqtt is null");
        if (heartbeatEvery.isNegative() || heartbeatEvery.isZero()) {
            throw new IllegalArgumentException("heartbeatEvery must be positive");
        }
        if (uplinkTimeout.isNegative() || uplinkTimeout.isZero()) {
            throw new IllegalArgumentException("uplinkTimeout must be positive");
        }
    }

    /**
     * An edge over {@code data} talking to {@code core}: heartbeat every 10 s, 30 s for the core to answer, 64 MiB
     * batches, 1 GiB, 2 threads.
     */
    public static EdgeOptions defaults(Path data, Optional<URI> core) {
        return new EdgeOptions(data, core, Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
                Duration.ofSeconds(30), DEFAULT_MAX_BATCH_BYTES, 1L << 30, 2, 10_000_000, false, Optional.empty());
    }

    public EdgeOptions withHeartbeatEvery(Duration every) {
        return new EdgeOptions(data, core, coreCertificates, tls, every, uplinkTimeout, maxBatchBytes,
                memoryLimitBytes, threads, maxBacklogRows, dropOldest, mqtt);
    }

    /** Waits at most {@code timeout} for the core to answer a request. */
    public EdgeOptions withUplinkTimeout(Duration timeout) {
        return new EdgeOptions(data, core, coreCertificates, tls, heartbeatEvery, timeout, maxBatchBytes,
                memoryLimitBytes, threads, maxBacklogRows, dropOldest, mqtt);
    }

    public EdgeOptions withCoreCertificates(Path certificates) {
        return new EdgeOptions(data, core, Optional.of(certificates), tls, heartbeatEvery, uplinkTimeout,
                maxBatchBytes, memoryLimitBytes, threads, maxBacklogRows, dropOldest, mqtt);
    }

    public EdgeOptions withTls(ServerOptions.TlsFiles files) {
        return new EdgeOptions(data, core, coreCertificates, Optional.of(files), heartbeatEvery, uplinkTimeout,
                maxBatchBytes, memoryLimitBytes, threads, maxBacklogRows, dropOldest, mqtt);
    }

    /** At most {@code rows} waiting for the core; then drop the oldest batches or refuse ingest. */
    public EdgeOptions withBacklog(long rows, boolean dropOldestBatches) {
        return new EdgeOptions(data, core, coreCertificates, tls, heartbeatEvery, uplinkTimeout, maxBatchBytes,
                memoryLimitBytes, threads, rows, dropOldestBatches, mqtt);
    }

    /** Subscribe to the MQTT broker at {@code broker} ({@code tcp://host:1883}). */
    public EdgeOptions withMqtt(URI broker) {
        return new EdgeOptions(data, core, coreCertificates, tls, heartbeatEvery, uplinkTimeout, maxBatchBytes,
                memoryLimitBytes, threads, maxBacklogRows, dropOldest, Optional.of(broker));
    }
}
