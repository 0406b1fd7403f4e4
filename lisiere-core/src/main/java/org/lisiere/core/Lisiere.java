package org.lisiere.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.Settings;
import org.lisiere.core.ml.ModelRegistry;
import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.EngineFactory;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * An open Lisière instance: the configured engine over a data directory. Thread-safe; hand out one
 * {@link LisiereSession} per user or thread.
 */
public final class Lisiere implements AutoCloseable {
    private final Engine engine;
    private final ModelRegistry registry;
    private final Optional<Path> sandbox;

    private Lisiere(Engine engine, ModelRegistry registry, Optional<Path> sandbox) {
        this.engine = requireNonNull(engine, "engine is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.sandbox = requireNonNull(sandbox, "sandbox is null");
    }

    /** Opens the engine the configuration names over its data directory. */
    public static Lisiere open(Config config) {
        EngineConfig engineConfig = new EngineConfig(Optional.of(config.get(Settings.DATA)),
                config.get(Settings.MEMORY_LIMIT), config.get(Settings.THREADS), Map.of());
        return new Lisiere(factory(config.get(Settings.ENGINE)).open(engineConfig),
                new ModelRegistry(config.get(Settings.DATA)), Optional.empty());
    }

    /**
     * Opens an instance for SQL from the network: the engine {@code engineName} with {@code config}, whose
     * {@link EngineConfig#sandbox} must be set; statements may name only files in that directory and may not change
     * settings, load extensions or reach other databases.
     *
     * @param modelDirectory where models are kept
     */
    public static Lisiere openSandboxed(String engineName, EngineConfig config, Path modelDirectory) {
        Path sandbox = config.sandbox().orElseThrow(() -> new IllegalArgumentException("config has no sandbox"));
        EngineFactory factory = factory(engineName);
        Engine engine = factory.open(config);
        try {
            engine.requireCapability(org.lisiere.spi.Capability.SANDBOX, "serving SQL over the network");
        } catch (LisiereException e) {
            engine.close();
            throw e;
        }
        return new Lisiere(engine, new ModelRegistry(modelDirectory), Optional.of(sandbox));
    }

    /**
     * Wraps an engine that is already open, such as a transient one in tests.
     *
     * @param modelDirectory where models are kept
     */
    public static Lisiere of(Engine engine, Path modelDirectory) {
        return new Lisiere(engine, new ModelRegistry(modelDirectory), Optional.empty());
    }

    /** The engine plugin registered under {@code name}. */
    public static EngineFactory factory(String name) {
        ServiceLoader<EngineFactory> loader = ServiceLoader.load(EngineFactory.class);
        return loader.stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new LisiereException(ErrorCode.INVALID_CONFIG, "Unknown engine '" + name
                        + "'; available: " + loader.stream().map(p -> p.get().name())
                        .collect(Collectors.joining(", "))));
    }

    public Engine engine() {
        return engine;
    }

    /** The models of this instance. */
    public ModelRegistry models() {
        return registry;
    }

    public LisiereSession openSession() {
        return new LisiereSession(engine.openSession(), registry,
                sandbox.map(FileAccess::confinedTo).orElseGet(FileAccess::workingDirectory), sandbox.isPresent());
    }

    @Override
    public void close() {
        engine.close();
    }
}
