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

    private Lisiere(Engine engine, ModelRegistry registry) {
        this.engine = requireNonNull(engine, "engine is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Opens the engine the configuration names over its data directory. */
    public static Lisiere open(Config config) {
        EngineConfig engineConfig = new EngineConfig(Optional.of(config.get(Settings.DATA)),
                config.get(Settings.MEMORY_LIMIT), config.get(Settings.THREADS), Map.of());
        return new Lisiere(factory(config.get(Settings.ENGINE)).open(engineConfig),
                new ModelRegistry(config.get(Settings.DATA)));
    }

    /**
     * Wraps an engine that is already open, such as a transient one in tests.
     *
     * @param modelDirectory where models are kept
     */
    public static Lisiere of(Engine engine, Path modelDirectory) {
        return new Lisiere(engine, new ModelRegistry(modelDirectory));
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

    public LisiereSession openSession() {
        return new LisiereSession(engine.openSession(), registry);
    }

    @Override
    public void close() {
        engine.close();
    }
}
