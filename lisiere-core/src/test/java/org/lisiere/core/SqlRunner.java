package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.LisiereException;
import org.lisiere.testing.ResultRows;

/** Runs SQL through a {@link LisiereSession} in tests and renders rows as text (NULL as {@code null}). */
final class SqlRunner implements AutoCloseable {
    private final LisiereSession session;
    private final Lisiere owned;

    SqlRunner(LisiereSession session) {
        this(session, null);
    }

    private SqlRunner(LisiereSession session, Lisiere owned) {
        this.session = session;
        this.owned = owned;
    }

    /** A session on a fresh in-memory DuckDB engine (1 GB, 2 threads), closed with the runner. */
    static SqlRunner inMemory(Path modelDirectory) {
        Lisiere lisiere = Lisiere.of(Lisiere.factory("duckdb").open(EngineConfig.inMemory(1L << 30, 2)),
                modelDirectory);
        return new SqlRunner(lisiere.openSession(), lisiere);
    }

    LisiereSession session() {
        return session;
    }

    /** The instance this runner opened, for a second session on the same engine. */
    Lisiere lisiere() {
        return owned;
    }

    String summary(String sql) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            return result.summary();
        }
    }

    List<List<String>> rows(String sql) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            return ResultRows.of(result.result());
        }
    }

    /** The column names of the result of {@code sql}. */
    List<String> columnNames(String sql) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            return result.result().schema().columns().stream().map(org.lisiere.spi.Column::name).toList();
        }
    }

    LisiereException failure(String sql) {
        return failureInScript(sql, 1);
    }

    /** The error statement {@code number} of {@code script} fails with. */
    LisiereException failureInScript(String script, int number) {
        ScriptStatement statement = SqlSplitter.split(script).get(number - 1);
        AtomicReference<LisiereException> failure = new AtomicReference<>();
        assertThatThrownBy(() -> session.execute(statement).close())
                .isInstanceOfSatisfying(LisiereException.class, failure::set);
        return failure.get();
    }

    @Override
    public void close() {
        session.close();
        if (owned != null) {
            owned.close();
        }
    }
}
