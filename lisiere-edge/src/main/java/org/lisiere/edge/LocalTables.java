package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.TableInfo;

/**
 * The site tables in the edge's database, made to match what the core defines: missing tables are created, new
 * columns added, tables the core dropped are dropped. Every site table has two columns of the edge's own:
 * {@code _lisiere_seq}, the arrival order (from a sequence, strictly increasing in commit order because batches of
 * a table are written one at a time), and {@code _lisiere_arrived}, when its batch was committed.
 */
final class LocalTables {
    /** The edge's own columns, after the user's. */
    static final String SEQUENCE_COLUMN = "_lisiere_seq";
    static final String ARRIVED_COLUMN = "_lisiere_arrived";
    static final String KEYS_TABLE = "_lisiere_ingest_keys";

    private final Lisiere lisiere;
    private final Map<String, SiteTableDefinition> tables = new LinkedHashMap<>();
    /** The tables that ingest writes to; the others hold scored rows. */
    private final java.util.Set<String> ingestible = new java.util.LinkedHashSet<>();

    LocalTables(Lisiere lisiere) {
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        run("CREATE TABLE IF NOT EXISTS " + KEYS_TABLE + " (table_name VARCHAR NOT NULL, key VARCHAR NOT NULL,"
                + " rows BIGINT NOT NULL, stored_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (table_name, key))");
    }

    /**
     * Makes the database's site tables those of {@code wanted}: the site tables ({@code ingest} names them) and the
     * scorings' tables.
     */
    synchronized void apply(List<SiteTableDefinition> wanted, java.util.Collection<String> ingest) {
        Map<String, TableInfo> existing;
        try (LisiereSession session = lisiere.openSession()) {
            existing = session.listTables().stream().collect(Collectors.toMap(t -> t.tableName()
                    .toLowerCase(Locale.ROOT), t -> t, (a, b) -> a));
        }
        for (SiteTableDefinition table : wanted) {
            TableInfo found = existing.get(table.name());
            if (found == null) {
                create(table);
            } else {
                for (ColumnDefinition column : table.columns()) {
                    if (found.columns().columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(column.name()))) {
                        run("ALTER TABLE " + quote(table.name()) + " ADD COLUMN " + quote(column.name()) + " "
                                + column.type());
                    }
                }
            }
        }
        for (String name : List.copyOf(tables.keySet())) {
            if (wanted.stream().noneMatch(t -> t.name().equals(name))) {
                run("DROP TABLE IF EXISTS " + quote(name));
                run("DROP SEQUENCE IF EXISTS " + quote(sequence(name)));
            }
        }
        tables.clear();
        wanted.forEach(t -> tables.put(t.name(), t));
        ingestible.clear();
        ingestible.addAll(ingest);
    }

    private void create(SiteTableDefinition table) {
        run("CREATE SEQUENCE IF NOT EXISTS " + quote(sequence(table.name())));
        String columns = table.columns().stream().map(c -> quote(c.name()) + " " + c.type())
                .collect(Collectors.joining(", "));
        run("CREATE TABLE " + quote(table.name()) + " (" + columns + ", " + SEQUENCE_COLUMN + " BIGINT NOT NULL"
                + " DEFAULT nextval('" + sequence(table.name()) + "'), " + ARRIVED_COLUMN + " TIMESTAMP WITH TIME ZONE"
                + " NOT NULL DEFAULT current_timestamp)");
    }

    /** Site table {@code name}, which ingest writes to. */
    synchronized Optional<SiteTableDefinition> ingestible(String name) {
        return ingestible.contains(name) ? Optional.ofNullable(tables.get(name)) : Optional.empty();
    }

    synchronized List<String> ingestibleNames() {
        return List.copyOf(ingestible);
    }

    /** Site table or scoring table {@code name}, which syncs read. */
    synchronized Optional<SiteTableDefinition> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** Every site table and scoring table. */
    synchronized List<String> names() {
        return List.copyOf(tables.keySet());
    }

    private static String sequence(String table) {
        return "_lisiere_seq_" + table;
    }

    private static String quote(String identifier) {
        return LocalSql.quote(identifier);
    }

    private void run(String sql) {
        try (LisiereSession session = lisiere.openSession()) {
            LocalSql.run(session, sql);
        }
    }
}
