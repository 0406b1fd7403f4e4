package org.lisiere.spi;

/**
 * Entry point of an engine plugin, found with {@link java.util.ServiceLoader}. A plugin lists its factory in
 * {@code META-INF/services/org.lisiere.spi.EngineFactory}.
 */
public interface EngineFactory {
    /** The name users select the engine by, such as {@code duckdb}. */
    String name();

    /** Opens the engine; fails with {@link LisiereException} when the configuration cannot be honoured. */
    Engine open(EngineConfig config);
}
