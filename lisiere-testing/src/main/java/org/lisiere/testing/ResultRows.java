package org.lisiere.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.Batch;
import org.lisiere.spi.QueryResult;

/** Reads every row of a result as text, for comparisons in tests ({@code String.valueOf}, NULL as {@code null}). */
public final class ResultRows {
    private ResultRows() {}

    public static List<List<String>> of(QueryResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
            Batch batch = next.get();
            for (int r = 0; r < batch.rowCount(); r++) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < batch.columns().size(); c++) {
                    row.add(String.valueOf(batch.column(c).get(r)));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
