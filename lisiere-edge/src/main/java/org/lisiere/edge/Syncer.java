package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.core.fleet.SyncDefinition;
import org.lisiere.core.fleet.SyncQuery;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Runs the site's syncs and sends their results to the core, exactly once (docs/sync-protocol.md). A run reads the
 * rows of each site table that arrived since the previous run ({@code _lisiere_seq} in (last, now]) and, in one
 * local transaction, stores the result as the sync's next numbered batch in its outbox and moves the window on. The
 * uplink sends pending batches in order and removes a batch only once the core answered that it holds it; the core
 * stores a batch with its number in one transaction and recognizes one sent again.
 */
final class Syncer {
    static final String WINDOWS = "_lisiere_sync_windows";
    static final String OUTBOX = "_lisiere_outbox";
    /** The last batch number each sync made: the outbox forgets batches once sent, numbers must go on. */
    static final String COUNTERS = "_lisiere_sync_counters";

    /** The batches dropped by the backlog policy: per sync, the last dropped batch and the rows dropped in all. */
    static final String DROPPED = "_lisiere_sync_dropped";

    /**
     * Sends one batch to the core; throws when the core did not confirm it. {@code droppedThrough} (0: none) says
     * that the batches before {@code batch} up to that number were dropped by the backlog policy.
     */
    interface Uplink {
        boolean send(String sync, long batch, long droppedThrough, Path file);
    }

    private final Lisiere lisiere;
    private final LocalTables tables;
    private final Uplink uplink;
    private final Path spool;
    private final String pseudonymKey;
    private final InstantSource clock;
    private final Map<String, SyncDefinition> syncs = new LinkedHashMap<>();
    /** Counts the commits that change the outbox; {@link #counted} holds the rows as of one of them. */
    private final java.util.concurrent.atomic.AtomicLong outboxChanges = new java.util.concurrent.atomic.AtomicLong();
    private volatile Count counted = new Count(-1, 0);

    /** The rows in the outbox after change number {@code generation}. */
    private record Count(long generation, long rows) {}
    private final Map<String, Instant> lastRun = new HashMap<>();
    private final long maxBacklogRows;

    /**
     * @param pseudonymKey the site's secret for keyed hashes of pseudonymised columns; never leaves the site
     * @param maxBacklogRows beyond this many waiting rows the oldest batches are dropped (Long.MAX_VALUE: never)
     */
    Syncer(Lisiere lisiere, LocalTables tables, Uplink uplink, Path spool, String pseudonymKey, InstantSource clock,
            long maxBacklogRows) {
        this.maxBacklogRows = maxBacklogRows;
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.uplink = requireNonNull(uplink, "uplink is null");
        this.spool = requireNonNull(spool, "spool is null");
        this.pseudonymKey = requireNonNull(pseudonymKey, "pseudonymKey is null");
        this.clock = requireNonNull(clock, "clock is null");
        try (LisiereSession session = lisiere.openSession()) {
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + WINDOWS + " (sync VARCHAR NOT NULL, table_name"
                    + " VARCHAR NOT NULL, last_seq BIGINT NOT NULL, PRIMARY KEY (sync, table_name))");
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + OUTBOX + " (sync VARCHAR NOT NULL, batch BIGINT NOT"
                    + " NULL, rows BIGINT NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (sync,"
                    + " batch))");
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + COUNTERS + " (sync VARCHAR PRIMARY KEY, last_batch"
                    + " BIGINT NOT NULL)");
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + DROPPED + " (sync VARCHAR PRIMARY KEY,"
                    + " through_batch BIGINT NOT NULL, rows BIGINT NOT NULL)");
        }
    }

    /** Makes the site's syncs those of {@code wanted}; a sync the core dropped loses its unsent batches. */
    synchronized void apply(List<SyncDefinition> wanted) {
        try (LisiereSession session = lisiere.openSession()) {
            for (String name : List.copyOf(syncs.keySet())) {
                SyncDefinition now = wanted.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
                if (now == null || !now.equals(syncs.get(name))) {
                    forget(session, name);
                }
            }
        }
        syncs.clear();
        wanted.forEach(s -> syncs.put(s.name(), s));
    }

    private void forget(LisiereSession session, String name) {
        LocalSql.run(session, "DROP TABLE IF EXISTS " + LocalSql.quote(outbox(name)));
        LocalSql.run(session, "DELETE FROM " + WINDOWS + " WHERE sync = " + LocalSql.literal(name));
        LocalSql.run(session, "DELETE FROM " + OUTBOX + " WHERE sync = " + LocalSql.literal(name));
        LocalSql.run(session, "DELETE FROM " + COUNTERS + " WHERE sync = " + LocalSql.literal(name));
        LocalSql.run(session, "DELETE FROM " + DROPPED + " WHERE sync = " + LocalSql.literal(name));
        syncs.remove(name);
        lastRun.remove(name);
        outboxChanges.incrementAndGet();
    }

    /** Runs the syncs whose interval has passed since their last run here; returns the batches made. */
    synchronized int runDue() {
        Instant now = clock.instant();
        int made = 0;
        for (SyncDefinition sync : syncs.values()) {
            Instant last = lastRun.get(sync.name());
            if (last == null || !now.isBefore(last.plus(sync.every()))) {
                made += runOnce(sync) ? 1 : 0;
                lastRun.put(sync.name(), now);
            }
        }
        return made;
    }

    /** Runs every sync now; returns the batches made. */
    synchronized int runAll() {
        int made = 0;
        for (SyncDefinition sync : syncs.values()) {
            made += runOnce(sync) ? 1 : 0;
            lastRun.put(sync.name(), clock.instant());
        }
        return made;
    }

    /** One run of {@code sync}: true when it made a batch (the new rows gave a result). */
    private boolean runOnce(SyncDefinition sync) {
        List<String> read = SyncQuery.tablesRead(sync.query(), tables.names());
        try (LisiereSession session = lisiere.openSession()) {
            LocalSql.run(session, "BEGIN TRANSACTION");
            try {
                boolean made = runInTransaction(session, sync, read);
                dropBeyondLimit(session);
                LocalSql.run(session, "COMMIT");
                outboxChanges.incrementAndGet();
                return made;
            } catch (RuntimeException e) {
                LocalSql.run(session, "ROLLBACK");
                throw e;
            }
        }
    }

    private boolean runInTransaction(LisiereSession session, SyncDefinition sync, List<String> read) {
        Map<String, String> windows = new LinkedHashMap<>();
        Map<String, long[]> bounds = new LinkedHashMap<>();
        for (String table : read) {
            long low = LocalSql.count(session, "SELECT coalesce(max(last_seq), 0) FROM " + WINDOWS + " WHERE sync = ?"
                    + " AND table_name = ?", List.of(sync.name(), table));
            long high = LocalSql.count(session, "SELECT coalesce(max(" + LocalTables.SEQUENCE_COLUMN + "), 0) FROM "
                    + LocalSql.quote(table), List.of());
            bounds.put(table, new long[] {low, high});
            windows.put(table, window(tables.table(table).orElseThrow(), low, high));
        }
        if (bounds.values().stream().allMatch(b -> b[1] <= b[0])) {
            return false;
        }
        String outbox = outbox(sync.name());
        LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + LocalSql.quote(outbox) + " (_lisiere_batch BIGINT NOT"
                + " NULL, " + sync.columns().stream().map(c -> LocalSql.quote(c.name()) + " " + c.type())
                .collect(Collectors.joining(", ")) + ")");
        long batch = LocalSql.count(session, "SELECT coalesce(max(last_batch), 0) + 1 FROM " + COUNTERS
                + " WHERE sync = ?", List.of(sync.name()));
        String query = SyncQuery.reading(SyncQuery.withoutLast(sync.query()), windows);
        LocalSql.run(session, "INSERT INTO " + LocalSql.quote(outbox) + " SELECT " + batch + ", * FROM (" + query
                + ")");
        long rows = LocalSql.count(session, "SELECT count(*) FROM " + LocalSql.quote(outbox) + " WHERE _lisiere_batch"
                + " = " + batch, List.of());
        for (Map.Entry<String, long[]> bound : bounds.entrySet()) {
            setWindow(session, sync.name(), bound.getKey(), bound.getValue()[1]);
        }
        if (rows == 0) {
            return false;
        }
        LocalSql.run(session, "INSERT OR REPLACE INTO " + COUNTERS + " VALUES (" + LocalSql.literal(sync.name())
                + ", " + batch + ")");
        LocalSql.run(session, "INSERT INTO " + OUTBOX + " VALUES (" + LocalSql.literal(sync.name()) + ", " + batch
                + ", " + rows + ", current_timestamp)");
        return true;
    }

    /** With backlog policy drop_oldest: drops the oldest waiting batches while more rows wait than allowed. */
    private void dropBeyondLimit(LisiereSession session) {
        while (LocalSql.count(session, "SELECT coalesce(sum(rows), 0) FROM " + OUTBOX, List.of()) > maxBacklogRows) {
            Object[] oldest = LocalSql.rows(session, "SELECT sync, batch, rows FROM " + OUTBOX + " ORDER BY"
                    + " created_at, sync, batch LIMIT 1", List.of()).get(0);
            String sync = (String) oldest[0];
            long batch = ((Number) oldest[1]).longValue();
            LocalSql.run(session, "DELETE FROM " + LocalSql.quote(outbox(sync)) + " WHERE _lisiere_batch = " + batch);
            LocalSql.run(session, "DELETE FROM " + OUTBOX + " WHERE sync = " + LocalSql.literal(sync) + " AND batch = "
                    + batch);
            LocalSql.run(session, "INSERT INTO " + DROPPED + " VALUES (" + LocalSql.literal(sync) + ", " + batch + ", "
                    + oldest[2] + ") ON CONFLICT (sync) DO UPDATE SET through_batch = excluded.through_batch, rows ="
                    + " " + DROPPED + ".rows + excluded.rows");
        }
    }

    /** Rows dropped by the backlog policy since the site started syncing. */
    synchronized long droppedRows() {
        try (LisiereSession session = lisiere.openSession()) {
            return LocalSql.count(session, "SELECT coalesce(sum(rows), 0) FROM " + DROPPED, List.of());
        }
    }

    private static void setWindow(LisiereSession session, String sync, String table, long last) {
        LocalSql.run(session, "INSERT OR REPLACE INTO " + WINDOWS + " VALUES (" + LocalSql.literal(sync) + ", "
                + LocalSql.literal(table) + ", " + last + ")");
    }

    /** The rows of {@code table} in (low, high], without the edge's columns, pseudonymised columns hashed. */
    private String window(SiteTableDefinition table, long low, long high) {
        String replace = table.pseudonymise().isEmpty() ? "" : table.pseudonymise().stream()
                .map(c -> "sha256(" + LocalSql.literal(pseudonymKey) + " || CAST(" + LocalSql.quote(c)
                        + " AS VARCHAR)) AS " + LocalSql.quote(c))
                .collect(Collectors.joining(", ", " REPLACE (", ")"));
        return "SELECT * EXCLUDE (" + LocalTables.SEQUENCE_COLUMN + ", " + LocalTables.ARRIVED_COLUMN + ")" + replace
                + " FROM main." + LocalSql.quote(table.name()) + " WHERE " + LocalTables.SEQUENCE_COLUMN + " > " + low
                + " AND " + LocalTables.SEQUENCE_COLUMN + " <= " + high;
    }

    /**
     * Sends the pending batches, oldest first per sync, until one fails; returns the batches the core confirmed.
     * A batch leaves the outbox only after the core confirmed it.
     */
    synchronized int upload() {
        int sent = 0;
        for (SyncDefinition sync : List.copyOf(syncs.values())) {
            List<Object[]> pending;
            try (LisiereSession session = lisiere.openSession()) {
                pending = LocalSql.rows(session, "SELECT batch FROM " + OUTBOX + " WHERE sync = ? ORDER BY batch",
                        List.of(sync.name()));
            }
            for (Object[] row : pending) {
                send(sync, ((Number) row[0]).longValue());
                sent++;
            }
        }
        return sent;
    }

    private void send(SyncDefinition sync, long batch) {
        Path file = spool.resolve(UUID.randomUUID() + ".ndjson");
        try (LisiereSession session = lisiere.openSession()) {
            Files.createDirectories(spool);
            LocalSql.run(session, "COPY (SELECT * EXCLUDE (_lisiere_batch) FROM " + LocalSql.quote(outbox(sync.name()))
                    + " WHERE _lisiere_batch = " + batch + ") TO " + LocalSql.literal(file.toString())
                    + " (FORMAT JSON)");
            long droppedThrough = LocalSql.count(session, "SELECT coalesce(max(through_batch), 0) FROM " + DROPPED
                    + " WHERE sync = ? AND through_batch < ?", List.of(sync.name(), batch));
            uplink.send(sync.name(), batch, droppedThrough, file);
            LocalSql.run(session, "BEGIN TRANSACTION");
            LocalSql.run(session, "DELETE FROM " + LocalSql.quote(outbox(sync.name())) + " WHERE _lisiere_batch = "
                    + batch);
            LocalSql.run(session, "DELETE FROM " + OUTBOX + " WHERE sync = " + LocalSql.literal(sync.name())
                    + " AND batch = " + batch);
            LocalSql.run(session, "COMMIT");
            outboxChanges.incrementAndGet();
        } catch (java.io.IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot write the batch to send: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                // removed when the edge starts
            }
        }
    }

    /**
     * The last arrival ({@code _lisiere_seq}) of {@code table} that every sync reading it has turned into a batch;
     * {@link Long#MAX_VALUE} when no sync reads it.
     */
    synchronized long processedThrough(String table) {
        long through = Long.MAX_VALUE;
        try (LisiereSession session = lisiere.openSession()) {
            for (SyncDefinition sync : syncs.values()) {
                if (SyncQuery.tablesRead(sync.query(), tables.names()).contains(table)) {
                    through = Math.min(through, LocalSql.count(session, "SELECT coalesce(max(last_seq), 0) FROM "
                            + WINDOWS + " WHERE sync = ? AND table_name = ?", List.of(sync.name(), table)));
                }
            }
        }
        return through;
    }

    /**
     * Rows waiting to be sent (checked before every ingest batch when the backlog policy is block): counted once per
     * change of the outbox, and without waiting for a run or an upload in progress.
     */
    long backlogRows() {
        Count known = counted;
        long generation = outboxChanges.get();
        if (known.generation() == generation) {
            return known.rows();
        }
        try (LisiereSession session = lisiere.openSession()) {
            long rows = LocalSql.count(session, "SELECT coalesce(sum(rows), 0) FROM " + OUTBOX, List.of());
            // a change committed meanwhile moved the generation on: the next call counts again
            counted = new Count(generation, rows);
            return rows;
        }
    }

    /** Rows waiting to be sent, and the age in seconds of the oldest waiting batch (0 when none waits). */
    synchronized long[] backlog() {
        long rows = backlogRows();
        try (LisiereSession session = lisiere.openSession()) {
            Object oldest = LocalSql.scalar(session, "SELECT min(created_at) FROM " + OUTBOX, List.of()).orElse(null);
            long lag = oldest == null ? 0 : Math.max(0, clock.instant().getEpochSecond() - epochSecond(oldest));
            return new long[] {rows, lag};
        }
    }

    private static long epochSecond(Object timestamp) {
        if (timestamp instanceof java.time.OffsetDateTime time) {
            return time.toEpochSecond();
        }
        if (timestamp instanceof java.sql.Timestamp time) {
            return time.toInstant().getEpochSecond();
        }
        return Instant.parse(timestamp.toString()).getEpochSecond();
    }

    private static String outbox(String sync) {
        return "_lisiere_out_" + sync;
    }
}
