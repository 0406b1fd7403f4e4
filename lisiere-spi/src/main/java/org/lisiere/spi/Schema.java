package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The ordered columns of a table or a result. */
public record Schema(List<Column> columns) {
    public static final Schema EMPTY = new Schema(List.of());

    public Schema {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The column with this name, compared case-insensitively as SQL identifiers are. */
    public Optional<Column> find(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }
}
