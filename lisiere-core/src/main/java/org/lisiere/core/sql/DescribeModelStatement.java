package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

/** {@code DESCRIBE MODEL name}. */
public record DescribeModelStatement(String name) implements ParsedStatement {
    public DescribeModelStatement {
        requireNonNull(name, "name is null");
    }
}
