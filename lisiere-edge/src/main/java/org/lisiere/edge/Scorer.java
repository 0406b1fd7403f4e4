package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.fleet.ScoringDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the rows that arrive in site tables ({@code CREATE SCORING}): in one local transaction, the rows of the
 * source that arrived since the last pass go through ML.PREDICT into the scoring's table, the rows meeting the
 * alert condition are queued for the webhook ({@link AlertSender}), and the pass's window moves on. A scoring whose
 * model is not deployed here yet waits, its rows kept for when it is.
 */
final class Scorer {
    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);
    static final String WINDOWS = "_lisiere_scoring_windows";
    /** The most arrivals scored in one transaction, so that a backlog (a model deployed late) takes bounded memory. */
    static final long PASS_ROWS = 100_000;

    private final Lisiere lisiere;
    private final Supplier<Map<String, Integer>> deployed;
    private final java.time.InstantSource clock;
    private final Map<String, ScoringDefinition> scorings = new LinkedHashMap<>();
    private final java.util.Set<String> waiting = new java.util.HashSet<>();
    /**
     * The model versions already used here: ML.PREDICT registers a model's functions on first use, and a transaction
     * begun before that would not see them, so a version is first used outside the scoring transaction.
     */
    private final Map<String, Integer> used = new java.util.HashMap<>();

    /** @param clock when alerts are first due (at once) */
    Scorer(Lisiere lisiere, Supplier<Map<String, Integer>> deployed, java.time.InstantSource clock) {
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        this.deployed = requireNonNull(deployed, "deployed is null");
        this.clock = requireNonNull(clock, "clock is null");
        try (LisiereSession session = lisiere.openSession()) {
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + WINDOWS + " (scoring VARCHAR PRIMARY KEY, last_seq"
                    + " BIGINT NOT NULL)");
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + AlertSender.ALERTS + " (scoring VARCHAR NOT NULL,"
                    + " id BIGINT NOT NULL, url VARCHAR NOT NULL, payload VARCHAR NOT NULL, attempts INTEGER NOT NULL,"
                    + " next_attempt TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (scoring, id))");
        }
    }

    synchronized void apply(List<ScoringDefinition> wanted) {
        try (LisiereSession session = lisiere.openSession()) {
            for (String name : List.copyOf(scorings.keySet())) {
                if (wanted.stream().noneMatch(s -> s.equals(scorings.get(name)))) {
                    LocalSql.run(session, "DELETE FROM " + WINDOWS + " WHERE scoring = " + LocalSql.literal(name));
                }
            }
        }
        scorings.clear();
        wanted.forEach(s -> scorings.put(s.name(), s));
    }

    /** Scores every row that arrived since the last pass; returns the rows scored. */
    synchronized long scoreNew() {
        long scored = 0;
        for (ScoringDefinition scoring : scorings.values()) {
            if (!deployed.get().containsKey(scoring.model())) {
                if (waiting.add(scoring.name())) {
                    LOG.warn("Scoring {} waits for model {} to be deployed here", scoring.name(), scoring.model());
                }
                continue;
            }
            waiting.remove(scoring.name());
            long pass;
            do {
                pass = scoreInTransaction(scoring, deployed.get().get(scoring.model()));
                scored += pass;
            } while (pass == PASS_ROWS);
        }
        return scored;
    }

    /**
     * The last arrival ({@code _lisiere_seq}) of {@code table} that every scoring of it has scored;
     * {@link Long#MAX_VALUE} when no scoring reads it.
     */
    synchronized long processedThrough(String table) {
        long through = Long.MAX_VALUE;
        try (LisiereSession session = lisiere.openSession()) {
            for (ScoringDefinition scoring : scorings.values()) {
                if (scoring.table().equals(table)) {
                    through = Math.min(through, LocalSql.count(session, "SELECT coalesce(max(last_seq), 0) FROM "
                            + WINDOWS + " WHERE scoring = ?", List.of(scoring.name())));
                }
            }
        }
        return through;
    }

    private long scoreInTransaction(ScoringDefinition scoring, int version) {
        try (LisiereSession session = lisiere.openSession()) {
            if (!Integer.valueOf(version).equals(used.get(scoring.model()))) {
                LocalSql.run(session, "SELECT count(*) FROM ML.PREDICT(MODEL " + scoring.model()
                        + ", (SELECT * EXCLUDE (" + LocalTables.SEQUENCE_COLUMN + ", " + LocalTables.ARRIVED_COLUMN
                        + ") FROM " + LocalSql.quote(scoring.table()) + " LIMIT 0))");
                used.put(scoring.model(), version);
            }
            LocalSql.run(session, "BEGIN TRANSACTION");
            try {
                long scored = score(session, scoring);
                LocalSql.run(session, "COMMIT");
                return scored;
            } catch (RuntimeException e) {
                LocalSql.run(session, "ROLLBACK");
                used.remove(scoring.model()); // the engine may have lost its functions (reopened after a fatal error)
                throw e;
            }
        }
    }

    private long score(LisiereSession session, ScoringDefinition scoring) {
        String source = LocalSql.quote(scoring.table());
        String target = LocalSql.quote(scoring.name());
        String seq = LocalTables.SEQUENCE_COLUMN;
        long low = LocalSql.count(session, "SELECT coalesce(max(last_seq), 0) FROM " + WINDOWS + " WHERE scoring = ?",
                List.of(scoring.name()));
        long high = Math.min(low + PASS_ROWS, LocalSql.count(session, "SELECT coalesce(max(" + seq + "), 0) FROM "
                + source, List.of()));
        if (high <= low) {
            return 0;
        }
        long scoredBefore = LocalSql.count(session, "SELECT coalesce(max(" + seq + "), 0) FROM " + target, List.of());
        String columns = scoring.columns().stream().map(c -> LocalSql.quote(c.name()))
                .collect(Collectors.joining(", "));
        LocalSql.run(session, "INSERT INTO " + target + " (" + columns + ") SELECT " + columns + " FROM ML.PREDICT("
                + "MODEL " + scoring.model() + ", (SELECT * EXCLUDE (" + seq + ", " + LocalTables.ARRIVED_COLUMN
                + ") FROM " + source + " WHERE " + seq + " > " + low + " AND " + seq + " <= " + high + " ORDER BY "
                + seq + "))");
        String payload = scoring.columns().stream().map(c -> LocalSql.literal(c.name()) + ": "
                + LocalSql.quote(c.name())).collect(Collectors.joining(", ", "to_json({", "})"));
        scoring.alertWhen().ifPresent(condition -> LocalSql.run(session, "INSERT INTO " + AlertSender.ALERTS
                + " SELECT " + LocalSql.literal(scoring.name()) + ", " + seq + ", "
                + LocalSql.literal(scoring.alertUrl().orElseThrow()) + ", " + payload + ", 0, '" + clock.instant() + "'"
                + " FROM (SELECT * FROM " + target + " WHERE " + seq + " > " + scoredBefore + ") AS scored WHERE "
                + condition));
        LocalSql.run(session, "INSERT OR REPLACE INTO " + WINDOWS + " VALUES (" + LocalSql.literal(scoring.name())
                + ", " + high + ")");
        return high - low;
    }
}
