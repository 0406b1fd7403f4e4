package org.lisiere.cli.render;

import java.io.PrintWriter;
import org.lisiere.core.text.CsvText;
import org.lisiere.spi.QueryResult;

/** RFC 4180 CSV with a header line ({@link CsvText}). */
final class CsvRenderer implements ResultRenderer {
    @Override
    public long render(QueryResult result, PrintWriter out) {
        return CsvText.write(result, out);
    }
}
