package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lisiere.core.fleet.SiteState;
import org.lisiere.core.ml.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models deployed to this site, in the edge's own model registry: a newly deployed version is downloaded,
 * installed and activated (the registry swaps files atomically, so a prediction running meanwhile reads the old
 * version or the new one, never a mix); a model no longer deployed is removed.
 */
final class LocalModels {
    private static final Logger LOG = LoggerFactory.getLogger(LocalModels.class);

    /** Where model files come from: the core, for this site's credential. */
    interface Source {
        byte[] modelFile(String model, int version);
    }

    private final ModelRegistry registry;
    private final Source source;
    /** The active version of each model; read on every prediction and scoring pass, so kept rather than re-read. */
    private volatile Map<String, Integer> deployed;

    /** @param registry the edge's registry, which only this class changes */
    LocalModels(ModelRegistry registry, Source source) {
        this.registry = requireNonNull(registry, "registry is null");
        this.source = requireNonNull(source, "source is null");
        this.deployed = read(registry);
    }

    /** Makes the active models those of {@code deployments}. */
    synchronized void apply(List<SiteState.Deployment> deployments) {
        for (SiteState.Deployment deployment : deployments) {
            boolean active = registry.find(deployment.model()).filter(e -> e.activeVersion() == deployment.version())
                    .isPresent();
            if (!active) {
                boolean present = registry.find(deployment.model()).filter(e -> e.versions().contains(
                        deployment.version())).isPresent();
                if (present) {
                    registry.activate(deployment.model(), deployment.version());
                } else {
                    registry.install(source.modelFile(deployment.model(), deployment.version()));
                }
                LOG.info("Model {} version {} is active", deployment.model(), deployment.version());
            }
        }
        for (ModelRegistry.Entry entry : registry.list()) {
            if (deployments.stream().noneMatch(d -> d.model().equals(entry.name()))) {
                registry.drop(entry.name());
                LOG.info("Model {} is no longer deployed here; removed", entry.name());
            }
        }
        deployed = read(registry);
    }

    /** The active version of each model, by name. */
    Map<String, Integer> deployed() {
        return deployed;
    }

    private static Map<String, Integer> read(ModelRegistry registry) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        registry.list().forEach(e -> versions.put(e.name(), e.activeVersion()));
        return Collections.unmodifiableMap(versions);
    }
}
