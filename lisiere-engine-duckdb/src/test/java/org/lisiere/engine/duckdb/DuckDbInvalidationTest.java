package org.lisiere.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;

/**
 * A FATAL error invalidates a DuckDB database: every later statement fails until it is opened again. The engine
 * notes such an error where it happens and opens the database anew for the next session (sessions of a sandboxed
 * engine run no statement of their own when they open, so nothing else would notice).
 */
class DuckDbInvalidationTest {
    @TempDir
    Path directory;

    @Test
    void theSessionAfterAFatalErrorFindsTheDatabaseOpenedAnewWithItsCommittedRows() {
        try (DuckDbEngine engine = (DuckDbEngine) new DuckDbEngineFactory().open(new EngineConfig(
                Optional.of(directory), 1L << 30, 2, Map.of()))) {
            try (EngineSession session = engine.openSession()) {
                session.execute("CREATE TABLE t AS SELECT * FROM range(1000) r(i)").close();
                session.execute("CHECKPOINT").close();
                session.execute("PRAGMA wal_autocheckpoint = '1TB'").close();
                session.execute("PRAGMA debug_checkpoint_abort = 'before_header'").close();
                session.execute("INSERT INTO t SELECT * FROM range(10)").close();

                assertThatThrownBy(() -> session.execute("CHECKPOINT")).isInstanceOf(LisiereException.class)
                        .hasMessageContaining("Checkpoint aborted before header write");
                assertThat(engine.invalidated()).isTrue();
                assertThatThrownBy(() -> session.execute("SELECT 1")).isInstanceOf(LisiereException.class)
                        .hasMessageContaining("database has been invalidated");
            }

            try (EngineSession session = engine.openSession();
                    QueryResult count = session.execute("SELECT count(*) FROM t")) {
                assertThat(engine.invalidated()).isFalse();
                assertThat(count.nextBatch().orElseThrow().column(0).get(0)).isEqualTo(1010L);
            }
        }
    }

    @Test
    void onlyDuckDbsOwnFatalErrorsInvalidate() {
        try (DuckDbEngine engine = (DuckDbEngine) new DuckDbEngineFactory().open(EngineConfig.inMemory(1L << 30, 2))) {
            engine.noteFailure(new SQLException("Invalid Input Error: FATAL Error: raised by error()"));
            engine.noteFailure(new SQLException("Binder Error: column x not found"));
            assertThat(engine.invalidated()).isFalse();

            engine.noteFailure(new SQLException("FATAL Error: Failed: database has been invalidated"));
            assertThat(engine.invalidated()).isTrue();
        }
    }
}
