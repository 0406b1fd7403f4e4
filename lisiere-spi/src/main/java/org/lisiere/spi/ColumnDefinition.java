package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/** A column declared by the user: a name and a SQL type spelled in the engine's dialect. */
public record ColumnDefinition(String name, String type) {
    public ColumnDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
