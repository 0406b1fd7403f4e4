package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The append-only audit log, {@code server/audit.ndjson}: one JSON line per request that runs SQL or changes
 * something (who, when, project, action, statement, outcome), written before the answer is complete. Lines of
 * requests that changed something or failed are on disk by then; lines of successful reads are forced to disk with
 * the next such line or within {@link #FLUSH_INTERVAL}, whichever comes first, so that a read pays no disk flush (a
 * crash of the server loses none of them, a crash of the machine at most the last interval's). Tokens appear by id
 * only.
 */
final class AuditLog implements AutoCloseable {
    /** Statements longer than this are cut in the log, with their full length noted. */
    private static final int MAX_STATEMENT_CHARS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest a successful read's line waits before it is forced to disk. */
    static final java.time.Duration FLUSH_INTERVAL = java.time.Duration.ofSeconds(1);

    /** One request to record. */
    record Entry(Optional<Principal> principal, Optional<String> project, String action, Optional<String> statement,
            int status, String outcome, long durationMillis) {
        Entry {
            requireNonNull(principal, "principal is null");
            requireNonNull(project, "project is null");
            requireNonNull(action, "action is null");
            requireNonNull(statement, "statement is null");
            requireNonNull(outcome, "outcome is null");
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final InstantSource clock;
    private final Object flushLock = new Object();
    /** Bytes appended by this process (guarded by this). */
    private long appended;
    /** How many of the appended bytes are known to be on disk (guarded by flushLock). */
    private long flushed;
    private final java.util.concurrent.ScheduledExecutorService flusher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "lisiere-audit-flush");
                thread.setDaemon(true);
                return thread;
            });

    AuditLog(Path data, InstantSource clock) {
        this.file = data.resolve("server").resolve("audit.ndjson");
        this.clock = requireNonNull(clock, "clock is null");
        try {
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot open the audit log " + file + ": "
                    + e.getMessage(), e);
        }
        long interval = FLUSH_INTERVAL.toMillis();
        flusher.scheduleWithFixedDelay(this::flushInBackground, interval, interval,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Appends {@code entry}; when {@code durable}, returns once it is on disk. Concurrent requests share their flushes
     * (group commit): whoever flushes next covers every line appended before it, so a busy server does not queue one
     * flush per request.
     */
    void record(Entry entry, boolean durable) {
        byte[] line = (line(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        long end;
        synchronized (this) {
            write(line);
            end = appended += line.length;
        }
        if (durable) {
            flushThrough(end);
        }
    }

    private void flushInBackground() {
        try {
            long end;
            synchronized (this) {
                end = appended;
            }
            flushThrough(end);
        } catch (LisiereException e) {
            // the next durable line tries again and fails its request with this error
        }
    }

    /** Forces the log to disk unless the first {@code end} bytes are known to be there. */
    private void flushThrough(long end) {
        synchronized (flushLock) {
            if (flushed >= end) {
                return; // another request's flush covered this line
            }
            long covered;
            synchronized (this) {
                covered = appended;
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new LisiereException(ErrorCode.IO_ERROR, "Cannot write the audit log " + file + ": "
                        + e.getMessage(), e);
            }
            flushed = covered;
        }
    }

    private ObjectNode line(Entry entry) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("token_id", entry.principal().map(Principal::tokenId).orElse(""));
        line.put("role", entry.principal().map(p -> p.role().label()).orElse(""));
        line.put("project", entry.project().orElse(""));
        line.put("action", entry.action());
        entry.statement().ifPresent(s -> line.put("statement", s.length() <= MAX_STATEMENT_CHARS ? s
                : s.substring(0, MAX_STATEMENT_CHARS) + "… (" + s.length() + " characters)"));
        line.put("status", entry.status());
        line.put("outcome", entry.outcome());
        line.put("duration_ms", entry.durationMillis());
        return line;
    }

    private void write(byte[] line) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot write the audit log " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The last {@code limit} entries, oldest first, of {@code project} when given. */
    synchronized List<JsonNode> last(Optional<String> project, int limit) {
        Deque<JsonNode> last = new ArrayDeque<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode entry = JSON.readTree(line);
                if (project.map(p -> p.equals(entry.path("project").asText())).orElse(true)) {
                    last.addLast(entry);
                    if (last.size() > limit) {
                        last.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read the audit log " + file + ": "
                    + e.getMessage(), e);
        }
        return List.copyOf(last);
    }

    @Override
    public void close() {
        flusher.shutdown(); // not shutdownNow: an interrupt during a force would close the channel
        try {
            flusher.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flushThrough(Long.MAX_VALUE);
        } catch (LisiereException e) {
            // nothing more can be done for lines the disk refused
        }
        synchronized (this) {
            try {
                channel.close();
            } catch (IOException e) {
                // every entry was forced to disk above
            }
        }
    }
}
