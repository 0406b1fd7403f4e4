package org.lisiere.engine.duckdb;

import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.EngineFactory;

/** Registers the embedded DuckDB engine under the name {@code duckdb}. */
public final class DuckDbEngineFactory implements EngineFactory {
    public static final String NAME = "duckdb";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine open(EngineConfig config) {
        return DuckDbEngine.open(config);
    }
}
