package org.lisiere.cli.render;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lisiere.core.text.ValueText;
import org.lisiere.spi.Batch;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * An aligned box like DuckDB's shell: names and types in the header, numbers right-aligned, long values cut. With a
 * row limit, the first and last rows are shown around a gap.
 */
final class TableRenderer implements ResultRenderer {
    private static final int MAX_CELL_WIDTH = 48;

    private final int maxRows;

    /** @param maxRows the most rows shown; 0 shows all */
    TableRenderer(int maxRows) {
        this.maxRows = maxRows;
    }

    @Override
    public long render(QueryResult result, PrintWriter out) {
        Schema schema = result.schema();
        List<String[]> head = new ArrayList<>();
        Deque<String[]> tail = new ArrayDeque<>();
        int headLimit = maxRows == 0 ? Integer.MAX_VALUE : (maxRows + 1) / 2;
        int tailLimit = maxRows / 2;
        long rows = 0;
        for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
            Batch batch = next.get();
            for (int r = 0; r < batch.rowCount(); r++) {
                String[] cells = new String[schema.size()];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = cut(ValueText.ofNullable(batch.column(c).get(r)));
                }
                if (head.size() < headLimit) {
                    head.add(cells);
                } else if (tailLimit > 0) {
                    tail.addLast(cells);
                    if (tail.size() > tailLimit) {
                        tail.removeFirst();
                    }
                }
                rows++;
            }
        }
        boolean gap = rows > head.size() + tail.size();
        List<String[]> shown = new ArrayList<>(head);
        shown.addAll(tail);
        draw(schema, shown, gap ? head.size() : -1, out);
        return rows;
    }

    private static void draw(Schema schema, List<String[]> rows, int gapAt, PrintWriter out) {
        int columns = schema.size();
        String[] names = new String[columns];
        String[] types = new String[columns];
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            names[c] = cut(schema.column(c).name());
            types[c] = cut(schema.column(c).type().sqlName().toLowerCase(Locale.ROOT));
            widths[c] = Math.max(names[c].length(), types[c].length());
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        out.println(rule('┌', '┬', '┐', widths));
        out.println(line(names, widths, schema, true));
        out.println(line(types, widths, schema, true));
        out.println(rule('├', '┼', '┤', widths));
        for (int r = 0; r < rows.size(); r++) {
            if (r == gapAt) {
                String[] dots = new String[columns];
                java.util.Arrays.fill(dots, "·");
                for (int i = 0; i < 3; i++) {
                    out.println(line(dots, widths, schema, true));
                }
            }
            out.println(line(rows.get(r), widths, schema, false));
        }
        out.println(rule('└', '┴', '┘', widths));
    }

    private static String rule(char left, char middle, char right, int[] widths) {
        StringBuilder line = new StringBuilder().append(left);
        for (int c = 0; c < widths.length; c++) {
            line.append("─".repeat(widths[c] + 2)).append(c == widths.length - 1 ? right : middle);
        }
        return line.toString();
    }

    private static String line(String[] cells, int[] widths, Schema schema, boolean centered) {
        StringBuilder line = new StringBuilder("│");
        for (int c = 0; c < cells.length; c++) {
            int pad = widths[c] - cells[c].length();
            int left;
            if (centered) {
                left = pad / 2;
            } else {
                left = schema.column(c).type().family().isNumeric() && !cells[c].equals("NULL") ? pad : 0;
            }
            line.append(' ').append(" ".repeat(left)).append(cells[c]).append(" ".repeat(pad - left)).append(" │");
        }
        return line.toString();
    }

    private static String cut(String text) {
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", " ");
        return oneLine.length() <= MAX_CELL_WIDTH ? oneLine : oneLine.substring(0, MAX_CELL_WIDTH - 1) + "…";
    }
}
