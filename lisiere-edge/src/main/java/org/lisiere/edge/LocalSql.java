package org.lisiere.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Batch;

/** Statements of the edge's own bookkeeping, run in a session of its local engine. */
final class LocalSql {
    private LocalSql() {}

    static void run(LisiereSession session, String sql) {
        try (StatementResult ignored = session.execute(ScriptStatement.single(sql))) {
            // done
        }
    }

    /** The first column of the first row, if there is a row. */
    static Optional<Object> scalar(LisiereSession session, String sql, List<Object> parameters) {
        try (StatementResult result = session.execute(ScriptStatement.single(sql), parameters)) {
            return result.result().nextBatch().filter(b -> b.rowCount() > 0).map(b -> b.column(0).get(0));
        }
    }

    static long count(LisiereSession session, String sql, List<Object> parameters) {
        return scalar(session, sql, parameters).map(v -> ((Number) v).longValue()).orElse(0L);
    }

    /** Every row, as arrays of values. */
    static List<Object[]> rows(LisiereSession session, String sql, List<Object> parameters) {
        List<Object[]> rows = new ArrayList<>();
        try (StatementResult result = session.execute(ScriptStatement.single(sql), parameters)) {
            for (Optional<Batch> batch = result.result().nextBatch(); batch.isPresent();
                    batch = result.result().nextBatch()) {
                Batch b = batch.get();
                for (int r = 0; r < b.rowCount(); r++) {
                    Object[] row = new Object[b.columns().size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = b.column(c).get(r);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
