package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What an engine is opened with.
 *
 * @param dataDirectory where the engine keeps its data; empty for a transient in-memory engine
 * @param memoryLimitBytes the most memory the engine may use for query processing
 * @param threads the most worker threads the engine may use
 * @param properties engine-specific settings, already validated by the caller
 * @param sandbox for SQL from the network: the one directory (besides the engine's own data) whose files SQL may
 *     read and write; the engine then also refuses extensions and changes of its settings. Empty: no sandbox.
 */
public record EngineConfig(Optional<Path> dataDirectory, long memoryLimitBytes, int threads,
        Map<String, String> properties, Optional<Path> sandbox) {
    public EngineConfig {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(sandbox, "sandbox is null");
        if (memoryLimitBytes <= 0) {
            throw new IllegalArgumentException("memoryLimitBytes must be > 0: " + memoryLimitBytes);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0: " + threads);
        }
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    /** An engine without a sandbox. */
    public EngineConfig(Optional<Path> dataDirectory, long memoryLimitBytes, int threads,
            Map<String, String> properties) {
        this(dataDirectory, memoryLimitBytes, threads, properties, Optional.empty());
    }

    /** This configuration with SQL confined to {@code directory} ({@link #sandbox}). */
    public EngineConfig sandboxedTo(Path directory) {
        return new EngineConfig(dataDirectory, memoryLimitBytes, threads, properties, Optional.of(directory));
    }

    /** An in-memory engine with the given limits, for tests and scratch work. */
    public static EngineConfig inMemory(long memoryLimitBytes, int threads) {
        return new EngineConfig(Optional.empty(), memoryLimitBytes, threads, Map.of());
    }
}
