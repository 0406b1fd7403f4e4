package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name [TRANSFORM (...)] OPTIONS (...) [AS query]}; without a
 * query the model is imported from {@code model_path}.
 *
 * @param transform the TRANSFORM select list, if any
 * @param options by lower-case name, in the order written
 * @param query the training query, in the engine's dialect; empty for an imported model
 */
public record CreateModelStatement(String name, boolean orReplace, boolean ifNotExists, Optional<String> transform,
        Map<String, OptionValue> options, Optional<String> query) implements ParsedStatement {
    public CreateModelStatement {
        requireNonNull(name, "name is null");
        requireNonNull(transform, "transform is null");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
        requireNonNull(query, "query is null");
    }
}
