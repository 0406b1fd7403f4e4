package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.lisiere.core.fleet.ScoringDefinition;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.core.sql.FleetStatement;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * CREATE SCORING and DROP SCORING at the core: the scored rows' columns are those of ML.PREDICT over the site table,
 * found by describing it over an empty table of the site table's types; the alert condition is checked over them in
 * the project's sandbox, so that it can do at a site no more than a query could at the core.
 */
final class ScoringDefinitions {
    private final Projects.Project project;
    private final FleetStore store;

    ScoringDefinitions(Projects.Project project, FleetStore store) {
        this.project = requireNonNull(project, "project is null");
        this.store = requireNonNull(store, "store is null");
    }

    String create(FleetStatement.CreateScoring create) {
        if (store.readableTables().stream().anyMatch(t -> t.name().equals(create.name()))
                || store.sync(create.name()).isPresent()) {
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "A site table, scoring or sync named '"
                    + create.name() + "' already exists");
        }
        SiteTableDefinition source = store.table(create.table()).orElseThrow(() -> new LisiereException(
                ErrorCode.UNKNOWN_OBJECT, "No site table '" + create.table() + "'"));
        if (project.lisiere().models().find(create.model()).isEmpty()) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + create.model() + "' does not exist");
        }
        String scored = "SELECT * FROM ML.PREDICT(MODEL " + create.model() + ", ("
                + SyncDefinitions.emptyRows(source) + "))";
        List<ColumnDefinition> columns = SyncDefinitions.describe(project, scored, "Scoring with model '"
                + create.model() + "'");
        create.alertWhen().ifPresent(condition -> SyncDefinitions.describe(project, "SELECT * FROM (" + scored
                + ") WHERE " + condition, "The alert condition"));
        store.putScoring(new ScoringDefinition(create.name(), create.table(), create.model().toLowerCase(
                java.util.Locale.ROOT), columns, create.alertWhen(), create.alertUrl()));
        return "Created scoring " + create.name() + ": rows arriving in " + create.table() + " at every site are"
                + " scored with model " + create.model() + " into " + create.name()
                + create.alertUrl().map(u -> "; alerts go to " + u).orElse("");
    }

    String drop(FleetStatement.DropScoring drop) {
        if (store.scorings().stream().noneMatch(s -> s.name().equals(drop.name()))) {
            if (drop.ifExists()) {
                return "No scoring " + drop.name();
            }
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No scoring '" + drop.name() + "'");
        }
        store.removeScoring(drop.name());
        return "Dropped scoring " + drop.name();
    }
}
