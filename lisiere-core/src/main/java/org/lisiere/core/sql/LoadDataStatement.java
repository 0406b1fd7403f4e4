package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.lisiere.spi.TableName;

/**
 * {@code LOAD DATA [OVERWRITE] INTO table FROM 'path' [OPTIONS (name = value, ...)]}.
 *
 * @param options by lower-case name, in the order written
 */
public record LoadDataStatement(TableName table, Token path, boolean overwrite, Map<String, OptionValue> options)
        implements ParsedStatement {
    public LoadDataStatement {
        requireNonNull(table, "table is null");
        requireNonNull(path, "path is null");
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                requireNonNull(options, "options is null")));
    }
}
