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
 */
public record EngineConfig(Optional<Path> dataDirectory, long memoryLimitBytes, int threads,
        Map<String, String> properties) {
    public EngineConfig {
        requireNonNull(dataDirectory, "dataDirectory is null");
        if (memoryLimitBytes <= 0) {
            throw new IllegalArgumentException("memoryLimitBytes must be > 0: " + memoryLimitBytes);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0: " + threads);
        }
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    /** An in-memory engine with the given limits, for tests and scratch work. */
    public static EngineConfig inMemory(long memoryLimitBytes, int threads) {
        return new EngineConfig(Optional.empty(), memoryLimitBytes, threads, Map.of());
    }
}
