package org.lisiere.core.fleet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * What the core wants one site to have, as the core sends it in answer to the site's heartbeat: the project's site
 * tables and the model versions deployed to this site. {@code revision} grows with every change of the project's
 * fleet, so a site can tell a newer state from an older one.
 */
public record SiteState(long revision, String project, String site, List<SiteTableDefinition> tables,
        List<Deployment> deployments, List<SyncDefinition> syncs, List<ScoringDefinition> scorings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Version {@code version} of model {@code model} is to be active at the site. */
    public record Deployment(String model, int version) {
        public Deployment {
            requireNonNull(model, "model is null");
        }
    }

    public SiteState {
        requireNonNull(project, "project is null");
        requireNonNull(site, "site is null");
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        deployments = List.copyOf(requireNonNull(deployments, "deployments is null"));
        syncs = List.copyOf(requireNonNull(syncs, "syncs is null"));
        scorings = List.copyOf(requireNonNull(scorings, "scorings is null"));
    }

    /** The site tables, then the scorings' tables (which syncs read like site tables). */
    public List<SiteTableDefinition> readableTables() {
        return readable(tables, scorings);
    }

    /** {@code tables}, then each scoring's table, with its source's residency. */
    public static List<SiteTableDefinition> readable(List<SiteTableDefinition> tables,
            List<ScoringDefinition> scorings) {
        List<SiteTableDefinition> all = new ArrayList<>(tables);
        for (ScoringDefinition scoring : scorings) {
            tables.stream().filter(t -> t.name().equals(scoring.table())).findFirst()
                    .ifPresent(source -> all.add(scoring.asTable(source)));
        }
        return List.copyOf(all);
    }

    /** The document sent over the wire. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode().put("revision", revision).put("project", project).put("site", site);
        root.set("tables", tablesToJson(tables));
        ArrayNode deployed = root.putArray("deployments");
        deployments.forEach(d -> deployed.addObject().put("model", d.model()).put("version", d.version()));
        root.set("syncs", syncsToJson(syncs));
        root.set("scorings", scoringsToJson(scorings));
        return root;
    }

    /** Reads the document {@link #toJson} writes; MALFORMED_INPUT when it is not one. */
    public static SiteState fromJson(JsonNode root) {
        try {
            List<SiteTableDefinition> tables = tablesFromJson(required(root, "tables"));
            List<Deployment> deployments = new ArrayList<>();
            required(root, "deployments").forEach(d -> deployments.add(new Deployment(text(d, "model"),
                    required(d, "version").asInt())));
            return new SiteState(required(root, "revision").asLong(), text(root, "project"), text(root, "site"),
                    tables, deployments, syncsFromJson(root.path("syncs")), scoringsFromJson(root.path("scorings")));
        } catch (IllegalArgumentException e) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, "The core sent a site state this edge cannot read: "
                    + e.getMessage(), e);
        }
    }

    /** Site tables as the site state and the core's fleet file write them. */
    public static ArrayNode tablesToJson(List<SiteTableDefinition> tables) {
        ArrayNode tableArray = JSON.createArrayNode();
        for (SiteTableDefinition table : tables) {
            ObjectNode node = tableArray.addObject().put("name", table.name())
                    .put("residency", table.residency().label())
                    .put("retention_seconds", table.retention().toSeconds());
            node.set("columns", columnsToJson(table.columns()));
            ArrayNode hashed = node.putArray("pseudonymise");
            table.pseudonymise().forEach(hashed::add);
            table.mqttTopic().ifPresentOrElse(t -> node.put("mqtt_topic", t), () -> node.putNull("mqtt_topic"));
        }
        return tableArray;
    }

    /**
     * Reads what {@link #tablesToJson} writes.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static List<SiteTableDefinition> tablesFromJson(JsonNode array) {
        List<SiteTableDefinition> tables = new ArrayList<>();
        for (JsonNode node : array) {
            List<ColumnDefinition> columns = columnsFromJson(required(node, "columns"));
            List<String> hashed = new ArrayList<>();
            required(node, "pseudonymise").forEach(h -> hashed.add(h.asText()));
            Residency residency = Residency.parse(text(node, "residency")).orElseThrow(
                    () -> new IllegalArgumentException("unknown residency " + node.get("residency")));
            JsonNode topic = node.path("mqtt_topic");
            tables.add(new SiteTableDefinition(text(node, "name"), columns, residency,
                    Duration.ofSeconds(required(node, "retention_seconds").asLong()), hashed,
                    topic.isTextual() ? Optional.of(topic.asText()) : Optional.empty()));
        }
        return tables;
    }

    /** Syncs as the site state and the core's fleet file write them. */
    public static ArrayNode syncsToJson(List<SyncDefinition> syncs) {
        ArrayNode array = JSON.createArrayNode();
        for (SyncDefinition sync : syncs) {
            ObjectNode node = array.addObject().put("name", sync.name()).put("every_seconds", sync.every().toSeconds())
                    .put("query", sync.query());
            node.put("site", sync.sites().site().orElse(null));
            ArrayNode labels = node.putArray("labels");
            sync.sites().labels().forEach(labels::add);
            node.set("columns", columnsToJson(sync.columns()));
        }
        return array;
    }

    /**
     * Reads what {@link #syncsToJson} writes.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static List<SyncDefinition> syncsFromJson(JsonNode array) {
        List<SyncDefinition> syncs = new ArrayList<>();
        for (JsonNode node : array) {
            List<ColumnDefinition> columns = columnsFromJson(required(node, "columns"));
            List<String> labels = new ArrayList<>();
            node.path("labels").forEach(l -> labels.add(l.asText()));
            JsonNode site = node.path("site");
            syncs.add(new SyncDefinition(text(node, "name"), new SiteSelector(site.isTextual()
                    ? Optional.of(site.asText()) : Optional.empty(), labels),
                    Duration.ofSeconds(required(node, "every_seconds").asLong()), text(node, "query"), columns));
        }
        return syncs;
    }

    /** Scorings as the site state and the core's fleet file write them. */
    public static ArrayNode scoringsToJson(List<ScoringDefinition> scorings) {
        ArrayNode array = JSON.createArrayNode();
        for (ScoringDefinition scoring : scorings) {
            ObjectNode node = array.addObject().put("name", scoring.name()).put("table", scoring.table())
                    .put("model", scoring.model());
            node.set("columns", columnsToJson(scoring.columns()));
            node.put("alert_when", scoring.alertWhen().orElse(null));
            node.put("alert_url", scoring.alertUrl().orElse(null));
        }
        return array;
    }

    /**
     * Reads what {@link #scoringsToJson} writes.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static List<ScoringDefinition> scoringsFromJson(JsonNode array) {
        List<ScoringDefinition> scorings = new ArrayList<>();
        for (JsonNode node : array) {
            List<ColumnDefinition> columns = columnsFromJson(required(node, "columns"));
            scorings.add(new ScoringDefinition(text(node, "name"), text(node, "table"), text(node, "model"), columns,
                    optionalText(node, "alert_when"), optionalText(node, "alert_url")));
        }
        return scorings;
    }

    private static ArrayNode columnsToJson(List<ColumnDefinition> columns) {
        ArrayNode array = JSON.createArrayNode();
        columns.forEach(c -> array.addObject().put("name", c.name()).put("type", c.type()));
        return array;
    }

    private static List<ColumnDefinition> columnsFromJson(JsonNode array) {
        List<ColumnDefinition> columns = new ArrayList<>();
        array.forEach(c -> columns.add(new ColumnDefinition(text(c, "name"), text(c, "type"))));
        return columns;
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
