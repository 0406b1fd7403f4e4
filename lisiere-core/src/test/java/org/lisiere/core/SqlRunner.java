package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.spi.Batch;
import org.lisiere.spi.LisiereException;

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
        List<List<String>> rows = new ArrayList<>();
        try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
            for (Optional<Batch> next = result.result().nextBatch(); next.isPresent();
                    next = result.result().nextBatch()) {
                Batch batch = next.get();
                for (int r = 0; r < batch.rowCount(); r++) {
                    List<String> row = new ArrayList<>();
                    for (int c = 0; c < batch.columns().size(); c++) {
                        row.add(String.valueOf(batch.column(c).get(r)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
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
