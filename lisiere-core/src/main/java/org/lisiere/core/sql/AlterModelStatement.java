package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

/** {@code ALTER MODEL name SET ACTIVE VERSION n}: roll back or forward. */
public record AlterModelStatement(String name, int activeVersion) implements ParsedStatement {
    public AlterModelStatement {
        requireNonNull(name, "name is null");
    }
}
