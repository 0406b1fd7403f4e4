package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.lisiere.core.fleet.SiteSelector;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.spi.ColumnDefinition;

/** A statement about the project's edge sites, run by the core server ({@link org.lisiere.core.fleet.Fleet}). */
public sealed interface FleetStatement extends ParsedStatement {
    /** The statement's leading words, for messages ({@code CREATE SITE}). */
    String kind();

    /** {@code CREATE SITE name [OPTIONS (labels = [...])]}: answers with a one-time enrollment token. */
    record CreateSite(String name, List<String> labels) implements FleetStatement {
        public CreateSite {
            requireNonNull(name, "name is null");
            labels = List.copyOf(requireNonNull(labels, "labels is null"));
        }

        @Override
        public String kind() {
            return "CREATE SITE";
        }
    }

    /** {@code DROP SITE [IF EXISTS] name}: removes the site and revokes its credential at once. */
    record DropSite(String name, boolean ifExists) implements FleetStatement {
        public DropSite {
            requireNonNull(name, "name is null");
        }

        @Override
        public String kind() {
            return "DROP SITE";
        }
    }

    /** {@code SHOW SITES}. */
    record ShowSites() implements FleetStatement {
        @Override
        public String kind() {
            return "SHOW SITES";
        }
    }

    /** {@code CREATE SITE TABLE [IF NOT EXISTS] t (columns) [OPTIONS (...)]}. */
    record CreateSiteTable(SiteTableDefinition table, boolean ifNotExists) implements FleetStatement {
        public CreateSiteTable {
            requireNonNull(table, "table is null");
        }

        @Override
        public String kind() {
            return "CREATE SITE TABLE";
        }
    }

    /** {@code ALTER SITE TABLE t ADD [COLUMN] c type}. */
    record AddSiteTableColumn(String table, ColumnDefinition column) implements FleetStatement {
        public AddSiteTableColumn {
            requireNonNull(table, "table is null");
            requireNonNull(column, "column is null");
        }

        @Override
        public String kind() {
            return "ALTER SITE TABLE";
        }
    }

    /** {@code DROP SITE TABLE [IF EXISTS] t}. */
    record DropSiteTable(String table, boolean ifExists) implements FleetStatement {
        public DropSiteTable {
            requireNonNull(table, "table is null");
        }

        @Override
        public String kind() {
            return "DROP SITE TABLE";
        }
    }

    /** {@code DEPLOY MODEL m [VERSION n] TO SITE s | TO SITES [WHERE 'l' IN labels [AND ...]]}. */
    record DeployModel(String model, Optional<Integer> version, SiteSelector sites) implements FleetStatement {
        public DeployModel {
            requireNonNull(model, "model is null");
            requireNonNull(version, "version is null");
            requireNonNull(sites, "sites is null");
        }

        @Override
        public String kind() {
            return "DEPLOY MODEL";
        }
    }

    /** {@code CREATE SYNC name FROM SITES [WHERE ...] EVERY 'interval' AS query}. */
    record CreateSync(String name, SiteSelector sites, java.time.Duration every, String query)
            implements FleetStatement {
        public CreateSync {
            requireNonNull(name, "name is null");
            requireNonNull(sites, "sites is null");
            requireNonNull(every, "every is null");
            requireNonNull(query, "query is null");
        }

        @Override
        public String kind() {
            return "CREATE SYNC";
        }
    }

    /** {@code DROP SYNC [IF EXISTS] name}: the sites stop running it; the table at the core stays. */
    record DropSync(String name, boolean ifExists) implements FleetStatement {
        public DropSync {
            requireNonNull(name, "name is null");
        }

        @Override
        public String kind() {
            return "DROP SYNC";
        }
    }

    /**
     * {@code CREATE SCORING s ON t USING MODEL m [WHEN condition ALERT 'url']}: every row that arrives in site table
     * {@code t} is scored at the site into its table {@code s}; rows whose prediction meets the condition are posted
     * to the URL.
     */
    record CreateScoring(String name, String table, String model, Optional<String> alertWhen,
            Optional<String> alertUrl) implements FleetStatement {
        public CreateScoring {
            requireNonNull(name, "name is null");
            requireNonNull(table, "table is null");
            requireNonNull(model, "model is null");
            requireNonNull(alertWhen, "alertWhen is null");
            requireNonNull(alertUrl, "alertUrl is null");
        }

        @Override
        public String kind() {
            return "CREATE SCORING";
        }
    }

    /** {@code DROP SCORING [IF EXISTS] s}. */
    record DropScoring(String name, boolean ifExists) implements FleetStatement {
        public DropScoring {
            requireNonNull(name, "name is null");
        }

        @Override
        public String kind() {
            return "DROP SCORING";
        }
    }

    /** {@code UNDEPLOY MODEL m FROM SITE s | FROM SITES [WHERE ...]}. */
    record UndeployModel(String model, SiteSelector sites) implements FleetStatement {
        public UndeployModel {
            requireNonNull(model, "model is null");
            requireNonNull(sites, "sites is null");
        }

        @Override
        public String kind() {
            return "UNDEPLOY MODEL";
        }
    }
}
