package org.lisiere.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.lisiere.core.text.JsonValues;
import org.lisiere.spi.Batch;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * One JSON object per row: a JSON array (one row per line, as DuckDB's shell) or NDJSON. Numbers stay numbers, NULL is {@code null},
 * nested values become arrays and objects, everything else a string.
 */
final class JsonRenderer implements ResultRenderer {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final boolean newlineDelimited;

    JsonRenderer(boolean newlineDelimited) {
        this.newlineDelimited = newlineDelimited;
    }

    @Override
    public long render(QueryResult result, PrintWriter out) {
        long rows = 0;
        Schema schema = result.schema();
        for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
            Batch batch = next.get();
            for (int r = 0; r < batch.rowCount(); r++) {
                if (newlineDelimited) {
                    out.println(object(schema, batch, r));
                } else {
                    out.print((rows == 0 ? "[" : ",\n") + object(schema, batch, r));
                }
                rows++;
            }
        }
        if (!newlineDelimited) {
            out.println(rows == 0 ? "[]" : "]");
        }
        return rows;
    }

    private static String object(Schema schema, Batch batch, int row) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            for (int c = 0; c < schema.size(); c++) {
                json.writeFieldName(schema.column(c).name());
                JsonValues.write(json, batch.column(c).get(row));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
