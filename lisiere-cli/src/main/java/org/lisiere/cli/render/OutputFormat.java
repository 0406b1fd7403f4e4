package org.lisiere.cli.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The output formats of {@code lisiere sql --format} and the shell's {@code .mode}. */
public enum OutputFormat {
    TABLE,
    CSV,
    JSON,
    NDJSON,
    MARKDOWN;

    public static Optional<OutputFormat> parse(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A renderer for this format.
     *
     * @param maxTableRows for {@link #TABLE}: the most rows shown (first and last halves); 0 shows all
     */
    public ResultRenderer renderer(int maxTableRows) {
        return switch (this) {
            case TABLE -> new TableRenderer(maxTableRows);
            case CSV -> new CsvRenderer();
            case JSON -> new JsonRenderer(false);
            case NDJSON -> new JsonRenderer(true);
            case MARKDOWN -> new MarkdownRenderer();
        };
    }
}
