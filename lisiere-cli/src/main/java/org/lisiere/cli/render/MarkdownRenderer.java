package org.lisiere.cli.render;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.StringJoiner;
import org.lisiere.core.text.ValueText;
import org.lisiere.spi.Batch;
import org.lisiere.spi.Column;
import org.lisiere.spi.QueryResult;

/** A GitHub-flavoured Markdown table; numeric columns are right-aligned. */
final class MarkdownRenderer implements ResultRenderer {
    @Override
    public long render(QueryResult result, PrintWriter out) {
        StringJoiner header = new StringJoiner(" | ", "| ", " |");
        StringJoiner rule = new StringJoiner("|", "|", "|");
        for (Column column : result.schema().columns()) {
            header.add(escape(column.name()));
            rule.add(column.type().family().isNumeric() ? "---:" : "---");
        }
        out.println(header);
        out.println(rule);
        long rows = 0;
        for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
            Batch batch = next.get();
            for (int r = 0; r < batch.rowCount(); r++) {
                StringJoiner line = new StringJoiner(" | ", "| ", " |");
                for (int c = 0; c < batch.columns().size(); c++) {
                    line.add(escape(ValueText.ofNullable(batch.column(c).get(r))));
                }
                out.println(line);
            }
            rows += batch.rowCount();
        }
        return rows;
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
