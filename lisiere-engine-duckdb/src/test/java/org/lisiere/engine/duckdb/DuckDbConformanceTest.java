package org.lisiere.engine.duckdb;

import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineConfig;
import org.lisiere.testing.EngineConformanceSuite;

class DuckDbConformanceTest extends EngineConformanceSuite {
    @Override
    protected Engine openEngine() {
        return new DuckDbEngineFactory().open(EngineConfig.inMemory(1L << 30, 2));
    }
}
