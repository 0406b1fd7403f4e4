package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.fleet.Residency;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.core.fleet.SyncDefinition;
import org.lisiere.core.fleet.SyncQuery;
import org.lisiere.core.sql.FleetStatement;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * CREATE SYNC and DROP SYNC at the core: the query is checked against the site tables (it must read one, and only
 * aggregates of residency 'site' tables may leave), its result columns are found by describing it over empty tables
 * of the site tables' types, and the table that receives the results is created with a {@code site} column first.
 */
final class SyncDefinitions {
    /** Which batches of which sync from which site the core has committed: the exactly-once ledger. */
    static final String LEDGER = "_lisiere_sync_batches";

    private final Projects.Project project;
    private final FleetStore store;

    SyncDefinitions(Projects.Project project, FleetStore store) {
        this.project = requireNonNull(project, "project is null");
        this.store = requireNonNull(store, "store is null");
    }

    String create(FleetStatement.CreateSync create) {
        if (store.sync(create.name()).isPresent()) {
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "Sync '" + create.name() + "' already exists");
        }
        Map<String, SiteTableDefinition> tables = new LinkedHashMap<>();
        store.readableTables().forEach(t -> tables.put(t.name(), t));
        List<String> read = SyncQuery.tablesRead(create.query(), tables.keySet());
        if (read.isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "A sync reads site tables; this query reads none"
                    + " of them (" + (tables.isEmpty() ? "the project has none; CREATE SITE TABLE first"
                    : String.join(", ", tables.keySet())) + ")");
        }
        SyncQuery.checkResidency(create.query(), read.stream()
                .filter(t -> tables.get(t).residency() == Residency.SITE).toList());
        Map<String, String> empty = new LinkedHashMap<>();
        read.forEach(t -> empty.put(t, emptyRows(tables.get(t))));
        List<ColumnDefinition> columns = describe(SyncQuery.reading(SyncQuery.withoutLast(create.query()), empty));
        if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase("site"))) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "The sync's result has a column 'site'; the core"
                    + " adds one naming the sending site: rename yours");
        }
        try (LisiereSession session = project.lisiere().openSession()) {
            if (session.listTables().stream().anyMatch(t -> t.tableName().equalsIgnoreCase(create.name()))) {
                throw new LisiereException(ErrorCode.ALREADY_EXISTS, "Table '" + create.name() + "' already exists;"
                        + " a sync's results land in a table of its name");
            }
            run(session, "CREATE TABLE " + quote(create.name()) + " (site VARCHAR NOT NULL, " + columns.stream()
                    .map(c -> quote(c.name()) + " " + c.type()).collect(Collectors.joining(", ")) + ")");
            run(session, "CREATE TABLE IF NOT EXISTS " + LEDGER + " (sync VARCHAR NOT NULL, site VARCHAR NOT NULL,"
                    + " batch BIGINT NOT NULL, received_at TIMESTAMP WITH TIME ZONE NOT NULL, dropped BOOLEAN NOT NULL,"
                    + " PRIMARY KEY (sync, site, batch))");
        }
        store.putSync(new SyncDefinition(create.name(), create.sites(), create.every(), create.query(), columns));
        return "Created sync " + create.name() + " from " + create.sites().describe() + " every "
                + create.every().toSeconds() + " s; results land in table " + create.name();
    }

    String drop(FleetStatement.DropSync drop) {
        if (store.sync(drop.name()).isEmpty()) {
            if (drop.ifExists()) {
                return "No sync " + drop.name();
            }
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No sync '" + drop.name() + "'");
        }
        store.removeSync(drop.name());
        try (LisiereSession session = project.lisiere().openSession()) {
            // a sync created again under this name numbers its batches from 1 again
            run(session, "DELETE FROM " + LEDGER + " WHERE sync = '" + drop.name() + "'");
        }
        return "Dropped sync " + drop.name() + "; its table stays";
    }

    /**
     * Forgets the batches received from {@code site}, which was dropped: a site created again under its name starts
     * from batch 1 (the rows it sent stay in the syncs' tables).
     */
    static void forgetSite(Projects.Project project, String site) {
        project.writes().lock(); // a batch of the site being received finishes first
        try (LisiereSession session = project.lisiere().openSession()) {
            if (session.listTables().stream().anyMatch(t -> t.tableName().equalsIgnoreCase(LEDGER))) {
                run(session, "DELETE FROM " + LEDGER + " WHERE site = '" + site.replace("'", "''") + "'");
            }
        } finally {
            project.writes().unlock();
        }
    }

    /** No rows, with the columns (and types) that the site table has at a site; pseudonymised ones are text. */
    static String emptyRows(SiteTableDefinition table) {
        return table.columns().stream().map(c -> "CAST(NULL AS " + (table.pseudonymise().contains(c.name())
                ? "VARCHAR" : c.type()) + ") AS " + quote(c.name())).collect(Collectors.joining(", ", "SELECT ",
                " WHERE false"));
    }

    private List<ColumnDefinition> describe(String query) {
        return describe(project, query, "The sync's query");
    }

    /** The result columns of {@code query} in {@code project}'s engine; {@code what} fails otherwise. */
    static List<ColumnDefinition> describe(Projects.Project project, String query, String what) {
        List<ColumnDefinition> columns = new ArrayList<>();
        try (LisiereSession session = project.lisiere().openSession();
                StatementResult result = session.execute(ScriptStatement.single("DESCRIBE " + query))) {
            for (var batch = result.result().nextBatch(); batch.isPresent(); batch = result.result().nextBatch()) {
                Batch rows = batch.get();
                for (int r = 0; r < rows.rowCount(); r++) {
                    columns.add(new ColumnDefinition((String) rows.column(0).get(r), (String) rows.column(1).get(r)));
                }
            }
        } catch (LisiereException e) {
            throw new LisiereException(e.code(), what + " fails: " + e.getMessage(), e);
        }
        return columns;
    }

    static void run(LisiereSession session, String sql) {
        try (StatementResult ignored = session.execute(ScriptStatement.single(sql))) {
            // done
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
