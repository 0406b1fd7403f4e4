package org.lisiere.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.QueryResult;

/** Which reader {@code scan} picks; the conformance suite proves both give what {@code execute} gives. */
class DuckDbScanTest {
    private final Engine engine = new DuckDbEngineFactory().open(EngineConfig.inMemory(1L << 30, 2));
    private final EngineSession session = engine.openSession();

    @AfterEach
    void close() {
        session.close();
        engine.close();
    }

    @Test
    void readsNumbersBooleansAndTextThroughDataChunks() {
        try (QueryResult result = session.scan("SELECT 1.5::DOUBLE AS d, 2::BIGINT AS n, 3::INTEGER AS k, true AS b,"
                + " 'x' AS s")) {
            assertThat(result).isInstanceOf(DuckDbChunkedQueryResult.class);
            assertThat(result.nextBatch().orElseThrow().column(0).getDouble(0)).isEqualTo(1.5);
        }
    }

    @Test
    void readsOtherTypesThroughTheResultSet() {
        try (QueryResult result = session.scan("SELECT 1.5::DOUBLE AS d, DATE '2024-02-29' AS day")) {
            assertThat(result).isInstanceOf(DuckDbQueryResult.class);
            assertThat(result.nextBatch().orElseThrow().column(1).get(0)).hasToString("2024-02-29");
        }
    }

    @Test
    void runsAStatementWithoutRowsAsExecuteDoes() {
        try (QueryResult result = session.scan("CREATE TABLE t AS SELECT 1 AS x")) {
            assertThat(result.hasRows()).isFalse();
        }
        try (QueryResult result = session.scan("SELECT x FROM t")) {
            assertThat(result.nextBatch().orElseThrow().column(0).get(0)).isEqualTo(1);
        }
    }
}
