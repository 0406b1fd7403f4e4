package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code DROP MODEL [IF EXISTS] name [VERSION n]}. */
public record DropModelStatement(String name, boolean ifExists, Optional<Integer> version)
        implements ParsedStatement {
    public DropModelStatement {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
    }
}
