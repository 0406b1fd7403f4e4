package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * {@code EXPORT MODEL name [VERSION n] TO 'relative/path' [OPTIONS (format = 'lisiere')]}.
 *
 * @param version empty: the active version
 * @param path the target, relative to the data directory's {@code exports} folder
 */
public record ExportModelStatement(String name, Optional<Integer> version, Token path,
        Map<String, OptionValue> options) implements ParsedStatement {
    public ExportModelStatement {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(path, "path is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
    }
}
