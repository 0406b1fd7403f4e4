package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lisiere.core.fleet.ScoringDefinition;
import org.lisiere.core.fleet.SiteSelector;
import org.lisiere.core.fleet.SiteState;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.core.fleet.SyncDefinition;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The edge sites of one project, in {@code fleet.json} of its directory: the sites (labels, the hash of a pending
 * enrollment token, the id of the site's credential), the site tables, the syncs and the deployments, in the order
 * they were made. Every change replaces the file atomically and increments {@code revision}. Thread-safe.
 */
final class FleetStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One site. {@code enrollmentSha256} and {@code enrollmentExpires} are set until the site enrolls (then empty),
     * {@code credentialId} from then on.
     */
    record Site(String name, List<String> labels, Instant created, Optional<String> enrollmentSha256,
            Optional<Instant> enrollmentExpires, Optional<String> credentialId, Optional<Instant> enrolled) {
        Site {
            requireNonNull(name, "name is null");
            labels = List.copyOf(requireNonNull(labels, "labels is null"));
            requireNonNull(created, "created is null");
            requireNonNull(enrollmentSha256, "enrollmentSha256 is null");
            requireNonNull(enrollmentExpires, "enrollmentExpires is null");
            requireNonNull(credentialId, "credentialId is null");
            requireNonNull(enrolled, "enrolled is null");
        }
    }

    /** A deployment as made: version 0 undeploys. The last one that selects a site decides what it runs. */
    record Deployment(String model, int version, SiteSelector sites) {
        Deployment {
            requireNonNull(model, "model is null");
            requireNonNull(sites, "sites is null");
        }
    }

    private final Path file;
    private final String project;
    private long revision;
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<String, SiteTableDefinition> tables = new LinkedHashMap<>();
    private final List<Deployment> deployments = new ArrayList<>();
    private final Map<String, SyncDefinition> syncs = new LinkedHashMap<>();
    private final Map<String, ScoringDefinition> scorings = new LinkedHashMap<>();

    private FleetStore(Path file, String project) {
        this.file = file;
        this.project = project;
    }

    /** The fleet of {@code project}, kept in {@code directory/fleet.json}. */
    static FleetStore open(Path directory, String project) {
        FleetStore store = new FleetStore(directory.resolve("fleet.json"), project);
        if (Files.exists(store.file)) {
            try {
                store.read(JSON.readTree(store.file.toFile()));
            } catch (IOException | RuntimeException e) {
                throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read " + store.file + ": " + e.getMessage(), e);
            }
        }
        return store;
    }

    synchronized long revision() {
        return revision;
    }

    synchronized List<Site> sites() {
        return List.copyOf(sites.values());
    }

    synchronized Optional<Site> site(String name) {
        return Optional.ofNullable(sites.get(name));
    }

    synchronized List<SiteTableDefinition> tables() {
        return List.copyOf(tables.values());
    }

    synchronized Optional<SiteTableDefinition> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** Adds or replaces site {@code site}. */
    synchronized void putSite(Site site) {
        sites.put(site.name(), site);
        save();
    }

    synchronized void removeSite(String name) {
        sites.remove(name);
        save();
    }

    synchronized void putTable(SiteTableDefinition table) {
        tables.put(table.name(), table);
        save();
    }

    synchronized void removeTable(String name) {
        tables.remove(name);
        save();
    }

    synchronized List<SyncDefinition> syncs() {
        return List.copyOf(syncs.values());
    }

    synchronized Optional<SyncDefinition> sync(String name) {
        return Optional.ofNullable(syncs.get(name));
    }

    synchronized void putSync(SyncDefinition sync) {
        syncs.put(sync.name(), sync);
        save();
    }

    synchronized void removeSync(String name) {
        syncs.remove(name);
        save();
    }

    synchronized List<ScoringDefinition> scorings() {
        return List.copyOf(scorings.values());
    }

    synchronized void putScoring(ScoringDefinition scoring) {
        scorings.put(scoring.name(), scoring);
        save();
    }

    synchronized void removeScoring(String name) {
        scorings.remove(name);
        save();
    }

    /** The site tables and the scorings' tables: what syncs may read. */
    synchronized List<SiteTableDefinition> readableTables() {
        return SiteState.readable(List.copyOf(tables.values()), List.copyOf(scorings.values()));
    }

    synchronized void deploy(Deployment deployment) {
        deployments.add(deployment);
        save();
    }

    /** The site whose pending enrollment token has SHA-256 {@code sha256}, if any. */
    synchronized Optional<Site> siteEnrolling(String sha256) {
        return sites.values().stream().filter(s -> s.enrollmentSha256().equals(Optional.of(sha256))).findFirst();
    }

    /** What site {@code name} should have: every site table and the model versions last deployed to it. */
    synchronized SiteState state(String name) {
        Site site = sites.get(name);
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Deployment deployment : deployments) {
            if (deployment.sites().matches(name, site.labels())) {
                versions.remove(deployment.model());
                if (deployment.version() > 0) {
                    versions.put(deployment.model(), deployment.version());
                }
            }
        }
        List<SiteState.Deployment> deployed = new ArrayList<>();
        versions.forEach((model, version) -> deployed.add(new SiteState.Deployment(model, version)));
        List<SyncDefinition> mine = syncs.values().stream().filter(s -> s.sites().matches(name, site.labels()))
                .toList();
        return new SiteState(revision, project, name, List.copyOf(tables.values()), deployed, mine,
                List.copyOf(scorings.values()));
    }

    private void save() {
        revision++;
        ObjectNode root = JSON.createObjectNode().put("revision", revision);
        ArrayNode siteArray = root.putArray("sites");
        for (Site site : sites.values()) {
            ObjectNode node = siteArray.addObject().put("name", site.name()).put("created", site.created().toString());
            ArrayNode labels = node.putArray("labels");
            site.labels().forEach(labels::add);
            node.put("enrollment_sha256", site.enrollmentSha256().orElse(null));
            node.put("enrollment_expires", site.enrollmentExpires().map(Instant::toString).orElse(null));
            node.put("credential_id", site.credentialId().orElse(null));
            node.put("enrolled", site.enrolled().map(Instant::toString).orElse(null));
        }
        root.set("tables", SiteState.tablesToJson(List.copyOf(tables.values())));
        ArrayNode deployed = root.putArray("deployments");
        for (Deployment deployment : deployments) {
            ObjectNode node = deployed.addObject().put("model", deployment.model())
                    .put("version", deployment.version());
            node.put("site", deployment.sites().site().orElse(null));
            ArrayNode labels = node.putArray("labels");
            deployment.sites().labels().forEach(labels::add);
        }
        root.set("syncs", SiteState.syncsToJson(List.copyOf(syncs.values())));
        root.set("scorings", SiteState.scoringsToJson(List.copyOf(scorings.values())));
        AtomicFiles.write(file, root.toPrettyString().getBytes(StandardCharsets.UTF_8));
    }

    private void read(JsonNode root) {
        revision = root.path("revision").asLong();
        for (JsonNode node : root.path("sites")) {
            List<String> labels = new ArrayList<>();
            node.path("labels").forEach(l -> labels.add(l.asText()));
            sites.put(node.path("name").asText(), new Site(node.path("name").asText(), labels,
                    Instant.parse(node.path("created").asText()), text(node, "enrollment_sha256"),
                    text(node, "enrollment_expires").map(Instant::parse), text(node, "credential_id"),
                    text(node, "enrolled").map(Instant::parse)));
        }
        SiteState.tablesFromJson(root.path("tables")).forEach(t -> tables.put(t.name(), t));
        SiteState.syncsFromJson(root.path("syncs")).forEach(s -> syncs.put(s.name(), s));
        SiteState.scoringsFromJson(root.path("scorings")).forEach(s -> scorings.put(s.name(), s));
        for (JsonNode node : root.path("deployments")) {
            List<String> labels = new ArrayList<>();
            node.path("labels").forEach(l -> labels.add(l.asText()));
            deployments.add(new Deployment(node.path("model").asText(), node.path("version").asInt(),
                    new SiteSelector(text(node, "site"), labels)));
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
