package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/** A named, typed column of a table or a result. */
public record Column(String name, DataType type) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
