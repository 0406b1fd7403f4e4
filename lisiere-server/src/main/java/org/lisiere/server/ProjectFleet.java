package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.SystemTables;
import org.lisiere.core.fleet.Fleet;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.core.fleet.SyncQuery;
import org.lisiere.core.ml.ModelRegistry;
import org.lisiere.core.sql.FleetStatement;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Column;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.DataType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TypeFamily;

/**
 * The site statements of one caller in one project: admins create and drop sites (they hand out credentials),
 * writers define site tables and deploy models, every reader sees the sites.
 */
final class ProjectFleet implements Fleet {
    /** A site that sent no heartbeat for this long is shown offline. */
    static final Duration ONLINE_WINDOW = Duration.ofSeconds(60);
    static final Schema CREATED = new Schema(List.of(varchar("site"), varchar("enrollment_token"),
            column("expires_at", "TIMESTAMP WITH TIME ZONE", TypeFamily.TIMESTAMP)));
    static final Schema SITES = new Schema(List.of(varchar("site"), varchar("labels"), varchar("status"),
            column("enrolled_at", "TIMESTAMP WITH TIME ZONE", TypeFamily.TIMESTAMP),
            column("last_seen", "TIMESTAMP WITH TIME ZONE", TypeFamily.TIMESTAMP), varchar("deployed"),
            column("backlog_rows", "BIGINT", TypeFamily.INTEGER),
            column("sync_lag_seconds", "BIGINT", TypeFamily.INTEGER),
            column("disk_bytes", "BIGINT", TypeFamily.INTEGER),
            column("dropped_rows", "BIGINT", TypeFamily.INTEGER)));

    private final Fleets fleets;
    private final Principal principal;
    private final Projects.Project project;
    private final FleetStore store;

    ProjectFleet(Fleets fleets, Principal principal, Projects.Project project) {
        this.fleets = requireNonNull(fleets, "fleets is null");
        this.principal = requireNonNull(principal, "principal is null");
        this.project = requireNonNull(project, "project is null");
        this.store = fleets.store(project.name());
    }

    @Override
    public Outcome execute(FleetStatement statement) {
        if (statement instanceof FleetStatement.ShowSites) {
            return Outcome.rows(sites());
        }
        if (statement instanceof FleetStatement.CreateSite create) {
            return Outcome.rows(createSite(create));
        }
        if (statement instanceof FleetStatement.DropSite drop) {
            return Outcome.done(dropSite(drop));
        }
        if (statement instanceof FleetStatement.CreateSiteTable create) {
            return Outcome.done(createTable(create));
        }
        if (statement instanceof FleetStatement.AddSiteTableColumn add) {
            return Outcome.done(addColumn(add));
        }
        if (statement instanceof FleetStatement.DropSiteTable drop) {
            return Outcome.done(dropTable(drop));
        }
        if (statement instanceof FleetStatement.CreateSync create) {
            return Outcome.done(new SyncDefinitions(project, store).create(create));
        }
        if (statement instanceof FleetStatement.DropSync drop) {
            return Outcome.done(new SyncDefinitions(project, store).drop(drop));
        }
        if (statement instanceof FleetStatement.CreateScoring create) {
            return Outcome.done(new ScoringDefinitions(project, store).create(create));
        }
        if (statement instanceof FleetStatement.DropScoring drop) {
            return Outcome.done(new ScoringDefinitions(project, store).drop(drop));
        }
        if (statement instanceof FleetStatement.DeployModel deploy) {
            return Outcome.done(deploy(deploy));
        }
        return Outcome.done(undeploy((FleetStatement.UndeployModel) statement));
    }

    /** Every site of the project, as SHOW SITES and {@code lisiere.sites} show them. */
    SystemTables.Table sites() {
        Instant now = fleets.clock().instant();
        List<List<Object>> rows = new ArrayList<>();
        for (FleetStore.Site site : store.sites()) {
            Optional<SiteStatus> status = fleets.status(project.name(), site.name());
            String state = site.enrolled().isEmpty() ? "pending" : status.filter(s -> s.lastSeen()
                    .plus(ONLINE_WINDOW).isAfter(now)).isPresent() ? "online" : "offline";
            rows.add(Arrays.asList(site.name(), String.join(", ", site.labels()), state,
                    site.enrolled().map(Instant::toString).orElse(null),
                    status.map(s -> s.lastSeen().toString()).orElse(null),
                    status.map(s -> s.deployed().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + " v" + e.getValue()).collect(Collectors.joining(", ")))
                            .orElse(""),
                    status.map(SiteStatus::backlogRows).orElse(null),
                    status.map(SiteStatus::syncLagSeconds).orElse(null),
                    status.map(SiteStatus::diskBytes).orElse(null),
                    status.map(SiteStatus::droppedRows).orElse(null)));
        }
        return new SystemTables.Table(SITES, rows);
    }

    private SystemTables.Table createSite(FleetStatement.CreateSite create) {
        requireAdmin("CREATE SITE");
        if (store.site(create.name()).isPresent()) {
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "Site '" + create.name() + "' already exists in"
                    + " project '" + project.name() + "'");
        }
        String token = fleets.newEnrollmentToken();
        Instant now = fleets.clock().instant();
        Instant expires = now.plus(Fleets.ENROLLMENT_VALIDITY);
        store.putSite(new FleetStore.Site(create.name(), create.labels(), now,
                Optional.of(TokenStore.hash(token)), Optional.of(expires), Optional.empty(), Optional.empty()));
        return new SystemTables.Table(CREATED, List.of(List.of(create.name(), token, expires.toString())));
    }

    private String dropSite(FleetStatement.DropSite drop) {
        requireAdmin("DROP SITE");
        Optional<FleetStore.Site> site = store.site(drop.name());
        if (site.isEmpty()) {
            if (drop.ifExists()) {
                return "No site " + drop.name();
            }
            throw unknownSite(drop.name());
        }
        site.get().credentialId().ifPresent(fleets.tokens()::revokeIfPresent);
        store.removeSite(drop.name());
        fleets.forget(project.name(), drop.name());
        SyncDefinitions.forgetSite(project, drop.name());
        return "Dropped site " + drop.name() + (site.get().credentialId().isPresent() ? "; its credential is revoked"
                : "");
    }

    private String createTable(FleetStatement.CreateSiteTable create) {
        SiteTableDefinition table = create.table();
        if (store.table(table.name()).isPresent()) {
            if (create.ifNotExists()) {
                return "Site table " + table.name() + " already exists";
            }
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "Site table '" + table.name() + "' already exists");
        }
        table.columns().forEach(this::checkType);
        store.putTable(table);
        return "Created site table " + table.name() + " at every site of project " + project.name();
    }

    private String addColumn(FleetStatement.AddSiteTableColumn add) {
        SiteTableDefinition table = store.table(add.table()).orElseThrow(() -> unknownTable(add.table()));
        if (table.column(add.column().name()).isPresent()) {
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "Site table '" + add.table() + "' already has a"
                    + " column '" + add.column().name() + "'");
        }
        checkType(add.column());
        store.putTable(table.withColumn(add.column()));
        return "Added column " + add.column().name() + " to site table " + add.table();
    }

    private String dropTable(FleetStatement.DropSiteTable drop) {
        if (store.table(drop.table()).isEmpty()) {
            if (drop.ifExists()) {
                return "No site table " + drop.table();
            }
            throw unknownTable(drop.table());
        }
        List<String> readers = new ArrayList<>();
        store.scorings().stream().filter(s -> s.table().equals(drop.table()))
                .forEach(s -> readers.add("scoring " + s.name()));
        List<String> readable = new ArrayList<>(store.tables().stream().map(SiteTableDefinition::name).toList());
        store.scorings().forEach(s -> readable.add(s.name()));
        store.syncs().stream().filter(s -> SyncQuery.tablesRead(s.query(), readable).contains(drop.table()))
                .forEach(s -> readers.add("sync " + s.name()));
        if (!readers.isEmpty()) {
            throw new LisiereException(ErrorCode.CONSTRAINT_VIOLATION, "Site table " + drop.table() + " is read by "
                    + String.join(", ", readers) + "; drop " + (readers.size() == 1 ? "it" : "them") + " first");
        }
        store.removeTable(drop.table());
        return "Dropped site table " + drop.table() + " at every site";
    }

    private String deploy(FleetStatement.DeployModel deploy) {
        ModelRegistry models = project.lisiere().models();
        ModelRegistry.Entry entry = models.find(deploy.model()).orElseThrow(() -> new LisiereException(
                ErrorCode.UNKNOWN_OBJECT, "Model '" + deploy.model() + "' does not exist"));
        int version = deploy.version().orElse(entry.activeVersion());
        if (!entry.versions().contains(version)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + deploy.model() + "' has no version "
                    + version + "; its versions: " + entry.versions());
        }
        deploy.sites().site().ifPresent(this::requireSite);
        store.deploy(new FleetStore.Deployment(entry.name(), version, deploy.sites()));
        return "Deployed model " + entry.name() + " version " + version + " to " + deploy.sites().describe();
    }

    private String undeploy(FleetStatement.UndeployModel undeploy) {
        deployModelName(undeploy.model());
        undeploy.sites().site().ifPresent(this::requireSite);
        store.deploy(new FleetStore.Deployment(undeploy.model().toLowerCase(java.util.Locale.ROOT), 0,
                undeploy.sites()));
        return "Undeployed model " + undeploy.model() + " from " + undeploy.sites().describe();
    }

    private void deployModelName(String model) {
        if (project.lisiere().models().find(model).isEmpty()) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + model + "' does not exist");
        }
    }

    /** Checks that the engine knows the column's type, so that every site can create the table. */
    private void checkType(ColumnDefinition column) {
        try (LisiereSession session = project.lisiere().openSession();
                StatementResult ignored = session.execute(ScriptStatement.single("SELECT CAST(NULL AS "
                        + column.type() + ")"))) {
            // the type exists
        } catch (LisiereException e) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Column '" + column.name() + "' has unknown type '"
                    + column.type() + "'", e);
        }
    }

    private void requireSite(String name) {
        if (store.site(name).isEmpty()) {
            throw unknownSite(name);
        }
    }

    private void requireAdmin(String what) {
        if (principal.role() != Role.ADMIN) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, what + " needs an admin token of project '"
                    + project.name() + "' (it hands out site credentials); this is a " + principal.role().label()
                    + " token");
        }
    }

    private LisiereException unknownSite(String name) {
        return new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No site '" + name + "' in project '" + project.name()
                + "'" + names(store.sites().stream().map(FleetStore.Site::name).toList(), "sites"));
    }

    private LisiereException unknownTable(String name) {
        return new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No site table '" + name + "'"
                + names(store.tables().stream().map(SiteTableDefinition::name).toList(), "site tables"));
    }

    private static String names(List<String> names, String what) {
        return names.isEmpty() ? "; it has no " + what : "; its " + what + ": " + String.join(", ", names);
    }

    private static Column varchar(String name) {
        return column(name, "VARCHAR", TypeFamily.STRING);
    }

    private static Column column(String name, String type, TypeFamily family) {
        return new Column(name, new DataType(type, family));
    }
}
