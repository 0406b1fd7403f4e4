package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.lisiere.client.LisiereClient;
import org.lisiere.core.Lisiere;
import org.lisiere.core.fleet.SiteState;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One edge site: its identity, its local engine with the site tables and deployed models, and the heartbeat that
 * reports to the core and brings the site to the state the core wants. The last state is kept in
 * {@code state.json}, so that a site restarted while the core is unreachable still has its tables.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STATE_FILE = "state.json";

    private final EdgeOptions options;
    private final EdgeIdentity identity;
    private final LisiereClient core;
    private final Lisiere lisiere;
    private final LocalTables tables;
    private final LocalModels models;
    private final Ingest ingest;
    private final Predictor predictor;
    private final Syncer syncer;
    private final Scorer scorer;
    private final AlertSender alerts;
    private final Retention retention;
    private final Optional<MqttIngest> mqtt;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "lisiere-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private long revision = -1;
    private volatile boolean online;

    private EdgeAgent(EdgeOptions options, EdgeIdentity identity, Lisiere lisiere, InstantSource clock) {
        this.options = options;
        this.identity = identity;
        this.lisiere = lisiere;
        this.core = LisiereClient.connect(identity.core(), identity.credential(), options.coreCertificates())
                .withRequestTimeout(options.uplinkTimeout());
        this.tables = new LocalTables(lisiere);
        this.models = new LocalModels(lisiere.models(), core::modelFile);
        this.predictor = new Predictor(lisiere);
        this.scorer = new Scorer(lisiere, models::deployed, clock);
        this.alerts = new AlertSender(lisiere, clock);
        this.syncer = new Syncer(lisiere, tables, core::sendSyncBatch, options.data().resolve("spool"),
                PseudonymKey.load(options.data()), clock, options.dropOldest() ? options.maxBacklogRows()
                        : Long.MAX_VALUE);
        this.ingest = new Ingest(lisiere, tables, options.data().resolve("spool"), options.maxBatchBytes(),
                syncer::backlogRows, options.dropOldest() ? Long.MAX_VALUE : options.maxBacklogRows());
        this.mqtt = options.mqtt().map(broker -> new MqttIngest(broker, identity.site(), ingest, lisiere));
        this.retention = new Retention(lisiere, tables, table -> Math.min(scorer.processedThrough(table),
                syncer.processedThrough(table)), clock);
    }

    /**
     * Opens the site in {@code options.data()}: enrolls first with {@code enrollmentToken} when given (the directory
     * must not hold a site yet), else resumes the site enrolled there.
     */
    public static EdgeAgent open(EdgeOptions options, Optional<String> enrollmentToken) {
        return open(options, enrollmentToken, InstantSource.system());
    }

    /** {@link #open(EdgeOptions, Optional)} with the clock that decides when syncs are due. */
    public static EdgeAgent open(EdgeOptions options, Optional<String> enrollmentToken, InstantSource clock) {
        Path data = options.data();
        createPrivateDirectory(data);
        Optional<EdgeIdentity> existing = EdgeIdentity.load(data);
        EdgeIdentity identity;
        if (enrollmentToken.isPresent()) {
            if (existing.isPresent()) {
                throw new LisiereException(ErrorCode.ALREADY_EXISTS, data + " already holds site '"
                        + existing.get().site() + "' of project '" + existing.get().project() + "'; start without"
                        + " --enroll to resume it, or use another --data directory");
            }
            java.net.URI coreUrl = options.core().orElseThrow(() -> new LisiereException(ErrorCode.INVALID_ARGUMENT,
                    "Enrolling needs the core's URL (--core)"));
            LisiereClient.Enrollment enrolled = LisiereClient.enroll(coreUrl, enrollmentToken.get(),
                    options.coreCertificates());
            identity = new EdgeIdentity(coreUrl, enrolled.project(), enrolled.site(), enrolled.credential());
            identity.save(data);
            LOG.info("Enrolled as site {} of project {} at {}", identity.site(), identity.project(), coreUrl);
        } else {
            identity = existing.orElseThrow(() -> new LisiereException(ErrorCode.INVALID_ARGUMENT, data
                    + " holds no enrolled site; enroll it first: bin/lisiere edge --core URL --enroll TOKEN --data "
                    + data));
        }
        clearSpool(data.resolve("spool"));
        EngineConfig engine = new EngineConfig(Optional.of(data.resolve("db")), options.memoryLimitBytes(),
                options.threads(), Map.of());
        Lisiere lisiere = Lisiere.of(Lisiere.factory("duckdb").open(engine), data);
        try {
            EdgeAgent agent = new EdgeAgent(options, identity, lisiere, clock);
            agent.restoreState();
            return agent;
        } catch (RuntimeException e) {
            lisiere.close();
            throw e;
        }
    }

    /** Reports to the core now and applies what it answers; false when the core could not be reached. */
    public synchronized boolean heartbeat() {
        ObjectNode report = JSON.createObjectNode();
        ObjectNode deployed = report.putObject("deployed");
        models.deployed().forEach(deployed::put);
        long[] backlog = syncer.backlog();
        report.put("backlog_rows", backlog[0]).put("sync_lag_seconds", backlog[1]).put("disk_bytes", diskBytes())
                .put("dropped_rows", syncer.droppedRows());
        SiteState state;
        try {
            state = SiteState.fromJson(core.heartbeat(report));
        } catch (LisiereException e) {
            if (e.code().category().retryable()) {
                if (online) {
                    LOG.warn("The core is unreachable; the site keeps working and retries: {}", e.getMessage());
                }
                online = false;
                return false;
            }
            throw e;
        }
        if (!online) {
            LOG.info("Connected to the core at {}", identity.core());
        }
        online = true;
        apply(state);
        return true;
    }

    private void apply(SiteState state) {
        applyTables(state);
        models.apply(state.deployments());
        syncer.apply(state.syncs());
        if (state.revision() != revision) {
            AtomicFiles.write(options.data().resolve(STATE_FILE), state.toJson().toString()
                    .getBytes(StandardCharsets.UTF_8));
            revision = state.revision();
        }
    }

    private void applyTables(SiteState state) {
        tables.apply(state.readableTables(), state.tables().stream().map(t -> t.name()).toList());
        scorer.apply(state.scorings());
        mqtt.ifPresent(m -> m.apply(state.tables()));
    }

    private void restoreState() {
        Path file = options.data().resolve(STATE_FILE);
        if (Files.exists(file)) {
            try {
                SiteState state = SiteState.fromJson(JSON.readTree(file.toFile()));
                applyTables(state);
                syncer.apply(state.syncs());
                revision = state.revision();
            } catch (IOException e) {
                throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Scores what arrived, posts the alerts that are due, runs the syncs that are due, deletes the rows past their
     * retention and sends what waits; false when the core could not be reached (the batches wait in the outbox for
     * the next attempt).
     */
    public boolean syncDue() {
        scoreNew();
        alerts.deliverDue();
        syncer.runDue();
        retention.applyDue();
        return uploadPending();
    }

    /** Deletes now the rows older than their table's retention that every scoring and sync has processed. */
    long applyRetention() {
        return retention.apply();
    }

    /** Scores the rows that arrived since the last pass (after each ingest batch and every second). */
    public long scoreNew() {
        return scorer.scoreNew();
    }

    /** Posts the alerts that are due; returns how many the webhooks accepted. */
    public int deliverAlerts() {
        return alerts.deliverDue();
    }

    /** Runs every sync now, whether due or not, and sends what waits; false when the core could not be reached. */
    public boolean syncNow() {
        scoreNew();
        syncer.runAll();
        return uploadPending();
    }

    private boolean uploadPending() {
        try {
            syncer.upload();
            return true;
        } catch (LisiereException e) {
            if (e.code().category().retryable()) {
                online = false; // the batch stays in the outbox and goes at the next pass
                return false;
            }
            throw e;
        }
    }

    /**
     * Starts the periodic heartbeat (the first one now) and the sync loop (every second it runs the due syncs and
     * sends what waits); failures are logged and retried at the next beat.
     */
    public void startHeartbeats() {
        heartbeats.scheduleWithFixedDelay(() -> background("Heartbeat", this::heartbeat), 0,
                options.heartbeatEvery().toMillis(), TimeUnit.MILLISECONDS);
        heartbeats.scheduleWithFixedDelay(() -> background("Sync", this::syncDue), 1, 1, TimeUnit.SECONDS);
    }

    private static void background(String what, java.util.function.BooleanSupplier task) {
        try {
            task.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.error("{} failed: {}", what, e.getMessage());
        }
    }

    /**
     * Makes the site's ingest token if it has none, or a new one replacing it when {@code replace}; returns the new
     * token, to show once.
     */
    public Optional<String> ingestToken(boolean replace) {
        IngestToken token = new IngestToken(options.data());
        return replace ? Optional.of(token.replace()) : token.createIfMissing();
    }

    public String site() {
        return identity.site();
    }

    public String project() {
        return identity.project();
    }

    /** Whether the last heartbeat reached the core. */
    public boolean online() {
        return online;
    }

    Ingest ingest() {
        return ingest;
    }

    Optional<MqttIngest> mqtt() {
        return mqtt;
    }

    Predictor predictor() {
        return predictor;
    }

    Map<String, Integer> deployedModels() {
        return models.deployed();
    }

    Lisiere lisiere() {
        return lisiere;
    }

    EdgeOptions options() {
        return options;
    }

    private long diskBytes() {
        try (Stream<Path> files = Files.walk(options.data())) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static void createPrivateDirectory(Path data) {
        try {
            Files.createDirectories(data);
            if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rwx------"));
            }
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot create the data directory " + data + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes batches spooled before a crash: none of them was acknowledged. */
    private static void clearSpool(Path spool) {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot clear " + spool + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        mqtt.ifPresent(MqttIngest::close);
        heartbeats.shutdownNow();
        try {
            heartbeats.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        predictor.close();
        lisiere.close();
    }
}
