package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.spi.CsvOptions;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.TableName;

/**
 * Durable batches into site tables: a batch (NDJSON or CSV) is spooled to a file, then added in one transaction that
 * also records its idempotency key, so that it is stored completely or not at all, and once. The answer comes after
 * the engine committed (DuckDB forces its write-ahead log to disk on commit). Batches of one table are written one at
 * a time, which keeps {@code _lisiere_seq} increasing in commit order.
 */
final class Ingest {
    /** What a batch did: the rows it added and whether an earlier batch with the same key had already added them. */
    record Outcome(long rows, boolean duplicate) {}

    /** Idempotency keys: printable ASCII without spaces, as HTTP headers carry them. */
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final Lisiere lisiere;
    private final LocalTables tables;
    private final Path spool;
    private final long maxBatchBytes;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier backlogRows;
    private final long maxBacklogRows;

    /**
     * @param backlogRows the rows waiting for the core now
     * @param maxBacklogRows refuse batches while that many wait (with backlog policy {@code block}); Long.MAX_VALUE
     *     never refuses
     */
    Ingest(Lisiere lisiere, LocalTables tables, Path spool, long maxBatchBytes,
            java.util.function.LongSupplier backlogRows, long maxBacklogRows) {
        this.backlogRows = requireNonNull(backlogRows, "backlogRows is null");
        this.maxBacklogRows = maxBacklogRows;
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.spool = requireNonNull(spool, "spool is null");
        this.maxBatchBytes = maxBatchBytes;
    }

    /**
     * Adds the batch {@code body} to site table {@code table}.
     *
     * @param key the batch's idempotency key: a batch sent again with the same key is not stored again
     */
    Outcome add(String table, LoadFormat format, InputStream body, Optional<String> key) {
        return add(table, format, body, key, true);
    }

    /**
     * Adds an MQTT message (NDJSON) to site table {@code table}, recording {@code key}. Only a message the broker
     * delivers again ({@code redelivered}: it got no acknowledgement, say because the edge crashed after storing it)
     * is looked up by its key; a new message may bear the key of an old one, as packet identifiers are reused.
     */
    Outcome addMessage(String table, InputStream body, String key, boolean redelivered) {
        return add(table, LoadFormat.NDJSON, body, Optional.of(key), redelivered);
    }

    private Outcome add(String table, LoadFormat format, InputStream body, Optional<String> key, boolean lookUp) {
        SiteTableDefinition definition = tables.ingestible(table).orElseThrow(() -> new LisiereException(
                ErrorCode.UNKNOWN_OBJECT, "No site table '" + table + "'; the site tables are: "
                + (tables.ingestibleNames().isEmpty() ? "none yet" : String.join(", ", tables.ingestibleNames()))));
        key.ifPresent(Ingest::checkKey);
        if (maxBacklogRows != Long.MAX_VALUE) {
            long waiting = backlogRows.getAsLong();
            if (waiting >= maxBacklogRows) {
                throw new LisiereException(ErrorCode.BACKLOG_FULL, "The site's backlog holds " + waiting + " rows"
                        + " waiting for the core (max_backlog " + maxBacklogRows + ", backlog_policy block); ingest"
                        + " resumes once the core is reachable and the backlog drains");
            }
        }
        Path file = spool(body, format);
        try {
            if (Files.size(file) == 0) {
                return new Outcome(0, false);
            }
            ReentrantLock lock = locks.computeIfAbsent(table, t -> new ReentrantLock());
            lock.lock();
            try {
                return key.isEmpty() ? new Outcome(load(definition, format, file, key, 0), false)
                        : addWithKey(definition, format, file, key.get(), lookUp);
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read the spooled batch: " + e.getMessage(), e);
        } catch (LisiereException e) {
            if (e.code() == ErrorCode.DISK_FULL) {
                throw diskFull(e.getMessage().replace(file + ": ", ""), e);
            }
            // the spool file is the edge's business: the client knows it as its batch
            throw e.getMessage().contains(file.toString()) ? new LisiereException(e.code(), e.getMessage()
                    .replace(file + ": ", "The batch was not stored: ").replace(file.toString(), "batch"), e) : e;
        } finally {
            deleteQuietly(file);
        }
    }

    /** Stores a batch with its key, unless ({@code lookUp}) a batch with that key was stored before. */
    private Outcome addWithKey(SiteTableDefinition table, LoadFormat format, Path file, String key, boolean lookUp) {
        try (LisiereSession session = lisiere.openSession()) {
            Optional<Long> earlier = lookUp ? storedRows(session, table.name(), key) : Optional.empty();
            if (earlier.isPresent()) {
                return new Outcome(earlier.get(), true);
            }
            // the rows of this batch are those past the table's last sequence number now (its batches are serialized)
            long before = LocalSql.count(session, "SELECT coalesce(max(" + LocalTables.SEQUENCE_COLUMN + "), 0) FROM "
                    + LocalSql.quote(table.name()), List.of());
            return new Outcome(load(table, format, file, Optional.of(key), before), false);
        }
    }

    /** Loads the batch, recording {@code key} (counting the rows past sequence number {@code before}) with it. */
    private long load(SiteTableDefinition table, LoadFormat format, Path file, Optional<String> key, long before) {
        List<String> record = key.map(k -> List.of("INSERT OR REPLACE INTO " + LocalTables.KEYS_TABLE + " SELECT "
                + LocalSql.literal(table.name()) + ", " + LocalSql.literal(k) + ", count(*), current_timestamp FROM "
                + LocalSql.quote(table.name()) + " WHERE " + LocalTables.SEQUENCE_COLUMN + " > " + before))
                .orElse(List.of());
        LoadRequest request = new LoadRequest(TableName.of(table.name()), file, format, false, table.columns(),
                CsvOptions.DETECT, record, Map.of());
        try (EngineSession engine = lisiere.engine().openSession()) {
            return engine.load(request).rowsLoaded();
        } catch (LisiereException e) {
            throw e.code() == ErrorCode.MALFORMED_INPUT ? new LisiereException(ErrorCode.MALFORMED_INPUT,
                    "The batch was not stored: " + e.getMessage().replace(file.toString(), "batch"), e) : e;
        }
    }

    private static Optional<Long> storedRows(LisiereSession session, String table, String key) {
        return LocalSql.scalar(session, "SELECT rows FROM " + LocalTables.KEYS_TABLE + " WHERE table_name = ? AND"
                + " key = ?", List.of(table, key)).map(v -> ((Number) v).longValue());
    }

    /** Copies the body to a file of the spool directory, refusing more than the largest batch. */
    private Path spool(InputStream body, LoadFormat format) {
        Path file = spool.resolve(UUID.randomUUID() + (format == LoadFormat.CSV ? ".csv" : ".ndjson"));
        try {
            Files.createDirectories(spool);
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    total += n;
                    if (total > maxBatchBytes) {
                        throw new LisiereException(ErrorCode.PAYLOAD_TOO_LARGE, "The batch is larger than the "
                                + maxBatchBytes + " bytes a batch may have; send it in smaller batches");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return file;
        } catch (IOException e) {
            deleteQuietly(file);
            if (String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw diskFull("writing the batch to " + spool, e);
            }
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot spool the batch: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** A batch refused for want of disk space: whole or not at all, so sending it again with its key is safe. */
    private static LisiereException diskFull(String detail, Exception cause) {
        return new LisiereException(ErrorCode.DISK_FULL, "The site's disk is full (" + detail + "). The batch is"
                + " stored whole or not at all: send it again with the same Idempotency-Key once there is space, and"
                + " it is stored once", cause);
    }

    private static void checkKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Invalid Idempotency-Key '" + key + "': use 1 to"
                    + " 200 printable ASCII characters without spaces");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover spool file is removed when the edge starts
        }
    }
}
