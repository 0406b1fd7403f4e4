package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.ToLongFunction;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.fleet.SiteTableDefinition;

/**
 * A site table's {@code retention}: rows that arrived longer ago are deleted, and so are the idempotency keys of its
 * batches. A row is deleted only once every scoring and sync that reads its table has processed it, so a site that
 * could not run them (its model not deployed yet) keeps the rows they still need.
 */
final class Retention {
    /** How often expired rows are looked for. */
    static final Duration EVERY = Duration.ofMinutes(1);

    private final Lisiere lisiere;
    private final LocalTables tables;
    private final ToLongFunction<String> processedThrough;
    private final InstantSource clock;
    private Instant last = Instant.EPOCH;

    /**
     * @param processedThrough the last {@code _lisiere_seq} of a table that everything reading it has processed
     */
    Retention(Lisiere lisiere, LocalTables tables, ToLongFunction<String> processedThrough, InstantSource clock) {
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.processedThrough = requireNonNull(processedThrough, "processedThrough is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Deletes the expired rows if a minute passed since the last time; returns the rows deleted. */
    synchronized long applyDue() {
        return clock.instant().isBefore(last.plus(EVERY)) ? 0 : apply();
    }

    /** Deletes the expired rows now; returns the rows deleted. */
    synchronized long apply() {
        last = clock.instant();
        long deleted = 0;
        try (LisiereSession session = lisiere.openSession()) {
            for (String name : tables.names()) {
                SiteTableDefinition table = tables.table(name).orElseThrow();
                String cutoff = "TIMESTAMPTZ '" + last.minus(table.retention()) + "'";
                String expired = " FROM " + LocalSql.quote(name) + " WHERE " + LocalTables.ARRIVED_COLUMN + " < "
                        + cutoff + " AND " + LocalTables.SEQUENCE_COLUMN + " <= " + processedThrough.applyAsLong(name);
                LocalSql.run(session, "BEGIN TRANSACTION");
                long rows = LocalSql.count(session, "SELECT count(*)" + expired, List.of());
                LocalSql.run(session, "DELETE" + expired);
                LocalSql.run(session, "DELETE FROM " + LocalTables.KEYS_TABLE + " WHERE table_name = "
                        + LocalSql.literal(name) + " AND stored_at < " + cutoff);
                LocalSql.run(session, "COMMIT");
                deleted += rows;
            }
        }
        return deleted;
    }
}
