package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.lisiere.spi.EngineConfig;

/**
 * How a server runs.
 *
 * @param engine the engine of every project
 * @param engineConfig the limits of each project's engine: its memory and threads bound every statement of the
 *     project, and sandboxed SQL cannot change them
 * @param maxUploadBytes the largest upload accepted
 * @param statementTimeout the statement time limit of projects that set none (zero: none)
 * @param idleTimeout the longest wait for the next bytes of a request or for a client to read (zero: no limit)
 * @param tls the certificate chain and private key (PEM files) when the server speaks HTTPS
 * @param metricsNeedToken whether {@code GET /metrics} needs a token
 */
public record ServerOptions(String engine, EngineConfig engineConfig, long maxUploadBytes, Duration statementTimeout,
        Duration idleTimeout, Optional<TlsFiles> tls, boolean metricsNeedToken) {
    /** The PEM files of a server certificate chain and its private key. */
    public record TlsFiles(Path certificate, Path privateKey) {
        public TlsFiles {
            requireNonNull(certificate, "certificate is null");
            requireNonNull(privateKey, "privateKey is null");
        }
    }

    public ServerOptions {
        requireNonNull(engine, "engine is null");
        requireNonNull(engineConfig, "engineConfig is null");
        requireNonNull(statementTimeout, "statementTimeout is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(tls, "tls is null");
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maxUploadBytes must be positive: " + maxUploadBytes);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout is negative: " + idleTimeout);
        }
    }

    /** The defaults of the settings: 1 GiB uploads, 1 hour statements, 30 s idle, HTTP, open metrics. */
    public static ServerOptions defaults(String engine, EngineConfig engineConfig) {
        return new ServerOptions(engine, engineConfig, 1L << 30, Duration.ofHours(1), Duration.ofSeconds(30),
                Optional.empty(), false);
    }

    public ServerOptions withMaxUploadBytes(long bytes) {
        return new ServerOptions(engine, engineConfig, bytes, statementTimeout, idleTimeout, tls, metricsNeedToken);
    }

    public ServerOptions withIdleTimeout(Duration timeout) {
        return new ServerOptions(engine, engineConfig, maxUploadBytes, statementTimeout, timeout, tls,
                metricsNeedToken);
    }

    public ServerOptions withTls(TlsFiles files) {
        return new ServerOptions(engine, engineConfig, maxUploadBytes, statementTimeout, idleTimeout,
                Optional.of(files), metricsNeedToken);
    }

    public ServerOptions withMetricsNeedToken(boolean needed) {
        return new ServerOptions(engine, engineConfig, maxUploadBytes, statementTimeout, idleTimeout, tls, needed);
    }
}
