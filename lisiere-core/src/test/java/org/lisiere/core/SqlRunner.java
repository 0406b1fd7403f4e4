package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.spi.LisiereException;
import org.lisiere.testing.ResultRows;

/** Runs SQL through a {@link LisiereSession} in tests and renders rows as text (NULL as {@code null}). */
final class SqlRunner implements AutoCloseable {
    private final LisiereSession session;

    SqlRunner(LisiereSession session) {
        this.session = session;
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
    }
}
