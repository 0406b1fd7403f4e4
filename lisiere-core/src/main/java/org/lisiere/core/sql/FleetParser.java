package org.lisiere.core.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lisiere.core.fleet.Intervals;
import org.lisiere.core.fleet.Residency;
import org.lisiere.core.fleet.SiteSelector;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** Parses the statements about edge sites ({@link FleetStatement}); empty when the statement is not one. */
final class FleetParser {
    private static final List<String> SITE_TABLE_OPTIONS = List.of("residency", "retention", "pseudonymise",
            "mqtt_topic");
    private static final String NAME_RULE = "1 to 63 letters, digits and underscores, starting with a letter";

    private FleetParser() {}

    static Optional<FleetStatement> parse(ScriptStatement statement) {
        TokenCursor cursor = new TokenCursor(statement);
        if (cursor.acceptWord("CREATE") && cursor.acceptWord("SYNC")) {
            return Optional.of(createSync(cursor, statement));
        }
        cursor = new TokenCursor(statement);
        if (cursor.acceptWord("CREATE") && cursor.acceptWord("SCORING")) {
            return Optional.of(createScoring(cursor, statement));
        }
        cursor = new TokenCursor(statement);
        if (cursor.acceptWord("CREATE") && cursor.acceptWord("SITE")) {
            return Optional.of(cursor.acceptWord("TABLE") ? createSiteTable(cursor, statement) : createSite(cursor));
        }
        cursor = new TokenCursor(statement);
        if (cursor.acceptWord("DROP")) {
            Optional<FleetStatement> drop = drop(cursor);
            if (drop.isPresent()) {
                return drop;
            }
        }
        cursor = new TokenCursor(statement);
        if (cursor.acceptWord("SHOW") && cursor.acceptWord("SITES")) {
            cursor.expectEnd();
            return Optional.of(new FleetStatement.ShowSites());
        }
        cursor = new TokenCursor(statement);
        if (cursor.acceptWord("ALTER") && cursor.acceptWord("SITE")) {
            cursor.expectWord("TABLE");
            String table = name(cursor, "a site table name");
            cursor.expectWord("ADD");
            cursor.acceptWord("COLUMN");
            ColumnDefinition column = column(cursor, statement, Set.of(")", ","));
            cursor.expectEnd();
            return Optional.of(new FleetStatement.AddSiteTableColumn(table, column));
        }
        cursor = new TokenCursor(statement);
        if (cursor.acceptWord("DEPLOY") && cursor.acceptWord("MODEL")) {
            String model = StatementParser.modelName(cursor);
            Optional<Integer> version = Optional.empty();
            if (cursor.acceptWord("VERSION")) {
                version = Optional.of(StatementParser.versionNumber(cursor));
            }
            cursor.expectWord("TO");
            return Optional.of(new FleetStatement.DeployModel(model, version, selector(cursor)));
        }
        cursor = new TokenCursor(statement);
        if (cursor.acceptWord("UNDEPLOY") && cursor.acceptWord("MODEL")) {
            String model = StatementParser.modelName(cursor);
            cursor.expectWord("FROM");
            return Optional.of(new FleetStatement.UndeployModel(model, selector(cursor)));
        }
        return Optional.empty();
    }

    private static FleetStatement.CreateSite createSite(TokenCursor cursor) {
        String name = name(cursor, "a site name");
        List<String> labels = List.of();
        if (cursor.acceptWord("OPTIONS")) {
            Map<String, OptionValue> options = StatementParser.options(cursor);
            for (OptionValue option : options.values()) {
                if (!option.name().equals("labels")) {
                    throw new LisiereException(ErrorCode.INVALID_OPTION, "Unknown option '" + option.name()
                            + "' for CREATE SITE; allowed: labels", option.token().position());
                }
                labels = List.copyOf(new LinkedHashSet<>(option.asStringList()));
            }
        }
        cursor.expectEnd();
        return new FleetStatement.CreateSite(name, labels);
    }

    private static FleetStatement.CreateSiteTable createSiteTable(TokenCursor cursor, ScriptStatement statement) {
        boolean ifNotExists = cursor.acceptWord("IF");
        if (ifNotExists) {
            cursor.expectWord("NOT");
            cursor.expectWord("EXISTS");
        }
        String name = name(cursor, "a site table name");
        cursor.expectSymbol("(");
        List<ColumnDefinition> columns = new ArrayList<>();
        do {
            ColumnDefinition column = column(cursor, statement, Set.of(",", ")"));
            if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(column.name()))) {
                throw TokenCursor.error("Column '" + column.name() + "' is declared twice", statement.start());
            }
            columns.add(column);
        } while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        Map<String, OptionValue> options = cursor.acceptWord("OPTIONS") ? StatementParser.options(cursor) : Map.of();
        cursor.expectEnd();
        return new FleetStatement.CreateSiteTable(siteTable(name, columns, options), ifNotExists);
    }

    private static SiteTableDefinition siteTable(String name, List<ColumnDefinition> columns,
            Map<String, OptionValue> options) {
        for (OptionValue option : options.values()) {
            if (!SITE_TABLE_OPTIONS.contains(option.name())) {
                throw new LisiereException(ErrorCode.INVALID_OPTION, "Unknown option '" + option.name()
                        + "' for CREATE SITE TABLE; allowed: " + String.join(", ", SITE_TABLE_OPTIONS),
                        option.token().position());
            }
        }
        Residency residency = Optional.ofNullable(options.get("residency")).map(o -> Residency.parse(o.asString())
                .orElseThrow(() -> o.invalid("'site', 'pseudonymised' or 'open'"))).orElse(Residency.SITE);
        java.time.Duration retention = Optional.ofNullable(options.get("retention")).map(o -> Intervals.parse(
                o.asString()).orElseThrow(() -> o.invalid(Intervals.ALLOWED)))
                .orElse(SiteTableDefinition.DEFAULT_RETENTION);
        List<String> pseudonymise = List.of();
        OptionValue hashed = options.get("pseudonymise");
        if (hashed != null) {
            if (residency != Residency.PSEUDONYMISED) {
                throw hashed.invalid("no value: pseudonymise needs residency = 'pseudonymised'");
            }
            pseudonymise = new ArrayList<>();
            for (String column : hashed.asStringList()) {
                ColumnDefinition declared = columns.stream().filter(c -> c.name().equalsIgnoreCase(column))
                        .findFirst().orElseThrow(() -> hashed.invalid("columns of the table (" + columns.stream()
                                .map(ColumnDefinition::name).reduce((a, b) -> a + ", " + b).orElse("") + ")"));
                pseudonymise.add(declared.name());
            }
        }
        if (residency == Residency.PSEUDONYMISED && pseudonymise.isEmpty()) {
            throw options.get("residency").invalid("'pseudonymised' together with pseudonymise = ['column', ...]");
        }
        Optional<String> topic = Optional.ofNullable(options.get("mqtt_topic")).map(OptionValue::asString);
        return new SiteTableDefinition(name, columns, residency, retention, pseudonymise, topic);
    }

    /** {@code name type}, the type running to the next of {@code ends} outside parentheses. */
    private static ColumnDefinition column(TokenCursor cursor, ScriptStatement statement, Set<String> ends) {
        Token name = cursor.identifier("a column name");
        if (name.unquoted().toLowerCase(Locale.ROOT).startsWith("_lisiere")) {
            throw TokenCursor.error("Column names starting with _lisiere are reserved for the edge's own columns",
                    name.position());
        }
        Token first = cursor.next("a column type");
        Token last = first;
        int depth = first.isSymbol("(") ? 1 : 0;
        while (cursor.peek().isPresent()) {
            Token token = cursor.peek().get();
            if (depth == 0 && token.type() == TokenType.SYMBOL && ends.contains(token.text())) {
                break;
            }
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
            last = cursor.next("a column type");
        }
        int base = statement.tokens().get(0).offset();
        String type = statement.text().substring(first.offset() - base, last.end() - base).replaceAll("\\s+", " ");
        if (!SiteTableDefinition.COLUMN_TYPE.matcher(type).matches()) {
            throw TokenCursor.error("Column '" + name.unquoted() + "' has type '" + type + "'; a site table takes"
                    + " scalar types and lists, such as VARCHAR, DOUBLE, DECIMAL(10, 2), TIMESTAMP or BIGINT[]",
                    first.position());
        }
        return new ColumnDefinition(name.unquoted(), type);
    }

    private static FleetStatement.CreateSync createSync(TokenCursor cursor, ScriptStatement statement) {
        String name = name(cursor, "a sync name");
        cursor.expectWord("FROM");
        cursor.expectWord("SITES");
        SiteSelector sites = SiteSelector.labelled(labels(cursor));
        cursor.expectWord("EVERY");
        Token every = cursor.string("the interval between runs");
        java.time.Duration interval = Intervals.parse(every.unquoted()).orElseThrow(() -> new LisiereException(
                ErrorCode.INVALID_ARGUMENT, "EVERY " + every.text() + " is not an interval; expected "
                + Intervals.ALLOWED, every.position()));
        cursor.expectWord("AS");
        return new FleetStatement.CreateSync(name, sites, interval, cursor.rest(statement));
    }

    private static FleetStatement.CreateScoring createScoring(TokenCursor cursor, ScriptStatement statement) {
        String name = name(cursor, "a scoring name");
        cursor.expectWord("ON");
        String table = name(cursor, "a site table name");
        cursor.expectWord("USING");
        cursor.expectWord("MODEL");
        String model = StatementParser.modelName(cursor);
        if (cursor.atEnd()) {
            return new FleetStatement.CreateScoring(name, table, model, Optional.empty(), Optional.empty());
        }
        cursor.expectWord("WHEN");
        Token first = cursor.next("a condition on the prediction, such as predicted_label = 1");
        Token last = first;
        while (!(cursor.peek().filter(t -> t.isWord("ALERT")).isPresent())) {
            last = cursor.next("ALERT 'url' after the condition");
        }
        cursor.expectWord("ALERT");
        Token url = cursor.string("the URL that alerts are posted to");
        cursor.expectEnd();
        if (!url.unquoted().matches("https?://[^\\s]+")) {
            throw TokenCursor.error("The alert URL must start with http:// or https://, not '" + url.unquoted() + "'",
                    url.position());
        }
        int base = statement.tokens().get(0).offset();
        String condition = statement.text().substring(first.offset() - base, last.end() - base);
        return new FleetStatement.CreateScoring(name, table, model, Optional.of(condition),
                Optional.of(url.unquoted()));
    }

    /** {@code SITE s}, or {@code SITES [WHERE 'label' IN labels [AND ...]]}. */
    private static SiteSelector selector(TokenCursor cursor) {
        if (cursor.acceptWord("SITE")) {
            String site = name(cursor, "a site name");
            cursor.expectEnd();
            return SiteSelector.site(site);
        }
        cursor.expectWord("SITES");
        SiteSelector sites = SiteSelector.labelled(labels(cursor));
        cursor.expectEnd();
        return sites;
    }

    /** {@code [WHERE 'label' IN labels [AND ...]]}. */
    private static List<String> labels(TokenCursor cursor) {
        List<String> labels = new ArrayList<>();
        if (cursor.acceptWord("WHERE")) {
            do {
                labels.add(cursor.string("a label").unquoted());
                cursor.expectWord("IN");
                cursor.expectWord("LABELS");
            } while (cursor.acceptWord("AND"));
        }
        return labels;
    }

    /** DROP SYNC, DROP SCORING, DROP SITE [TABLE], after DROP; empty for other DROP statements. */
    private static Optional<FleetStatement> drop(TokenCursor cursor) {
        if (cursor.acceptWord("SYNC")) {
            boolean ifExists = ifExists(cursor);
            String name = name(cursor, "a sync name");
            cursor.expectEnd();
            return Optional.of(new FleetStatement.DropSync(name, ifExists));
        }
        if (cursor.acceptWord("SCORING")) {
            boolean ifExists = ifExists(cursor);
            String name = name(cursor, "a scoring name");
            cursor.expectEnd();
            return Optional.of(new FleetStatement.DropScoring(name, ifExists));
        }
        if (cursor.acceptWord("SITE")) {
            boolean table = cursor.acceptWord("TABLE");
            boolean ifExists = ifExists(cursor);
            String name = name(cursor, table ? "a site table name" : "a site name");
            cursor.expectEnd();
            return Optional.of(table ? new FleetStatement.DropSiteTable(name, ifExists)
                    : new FleetStatement.DropSite(name, ifExists));
        }
        return Optional.empty();
    }

    /** {@code [IF EXISTS]}: whether it is there. */
    private static boolean ifExists(TokenCursor cursor) {
        boolean present = cursor.acceptWord("IF");
        if (present) {
            cursor.expectWord("EXISTS");
        }
        return present;
    }

    /** A site or site table name, lower-cased; these also name directories at the sites. */
    private static String name(TokenCursor cursor, String what) {
        Token token = cursor.identifier(what);
        String name = token.unquoted().toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw TokenCursor.error("Invalid " + what.replaceFirst("^an? ", "") + " '" + token.unquoted() + "': use "
                    + NAME_RULE, token.position());
        }
        return name;
    }
}
