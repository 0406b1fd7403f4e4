package org.lisiere.core.text;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.StringJoiner;
import org.lisiere.spi.Batch;
import org.lisiere.spi.QueryResult;

/** Query results as RFC 4180 CSV with a header line; NULL is an empty field. Streams any number of rows. */
public final class CsvText {
    private CsvText() {}

    /** Writes every row of {@code result} and returns how many there were. */
    public static long write(QueryResult result, PrintWriter out) {
        StringJoiner header = new StringJoiner(",");
        result.schema().columns().forEach(c -> header.add(quote(c.name())));
        out.println(header);
        long rows = 0;
        for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
            Batch batch = next.get();
            for (int r = 0; r < batch.rowCount(); r++) {
                StringJoiner line = new StringJoiner(",");
                for (int c = 0; c < batch.columns().size(); c++) {
                    line.add(batch.column(c).isNull(r) ? "" : quote(ValueText.of(batch.column(c).get(r))));
                }
                out.println(line);
            }
            rows += batch.rowCount();
        }
        return rows;
    }

    private static String quote(String value) {
        if (value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
