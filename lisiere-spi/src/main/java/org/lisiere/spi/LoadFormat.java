package org.lisiere.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** File formats {@code LOAD DATA} reads. */
public enum LoadFormat {
    CSV(Capability.LOAD_CSV, ".csv", ".tsv", ".txt", ".tbl", ".csv.gz", ".tsv.gz"),
    PARQUET(Capability.LOAD_PARQUET, ".parquet", ".pq"),
    JSON(Capability.LOAD_JSON, ".json", ".json.gz"),
    NDJSON(Capability.LOAD_JSON, ".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz");

    private final Capability capability;
    private final String[] extensions;

    LoadFormat(Capability capability, String... extensions) {
        this.capability = capability;
        this.extensions = extensions;
    }

    /** The engine capability needed to load this format. */
    public Capability capability() {
        return capability;
    }

    /** The option value users write, such as {@code 'ndjson'}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a file name's extension implies, if any. */
    public static Optional<LoadFormat> fromFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> Arrays.stream(f.extensions).anyMatch(lower::endsWith))
                .findFirst();
    }

    /** The format named by a {@code format} option value. */
    public static Optional<LoadFormat> fromOptionName(String name) {
        return Arrays.stream(values()).filter(f -> f.optionName().equalsIgnoreCase(name)).findFirst();
    }

    /** The allowed option values, for error messages. */
    public static String optionNames() {
        return Arrays.stream(values()).map(f -> "'" + f.optionName() + "'").collect(Collectors.joining(", "));
    }
}
