package org.lisiere.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.lisiere.spi.Schema;

/**
 * Read-only tables that the host of a session provides under the schema {@code lisiere} (the server's
 * {@code lisiere.audit_log}): a statement may read them wherever it reads a table, and they are computed when a
 * statement names them, for the session's caller.
 */
public interface SystemTables {
    /** The rows of one system table. */
    record Table(Schema schema, List<List<Object>> rows) {
        public Table {
            requireNonNull(schema, "schema is null");
            rows = List.copyOf(requireNonNull(rows, "rows is null"));
        }
    }

    /** The names of the system tables, sorted. */
    List<String> names();

    /**
     * Table {@code name} (lower case), or empty when there is no such table.
     *
     * @throws org.lisiere.spi.LisiereException PERMISSION_DENIED when the session's caller may not read it
     */
    Optional<Table> table(String name);

    /** No system tables. */
    static SystemTables none() {
        return of(Map.of());
    }

    /** The tables of {@code tables}, each computed by its supplier when a statement names it. */
    static SystemTables of(Map<String, Supplier<Table>> tables) {
        SortedMap<String, Supplier<Table>> sorted = new TreeMap<>(tables);
        return new SystemTables() {
            @Override
            public List<String> names() {
                return List.copyOf(sorted.keySet());
            }

            @Override
            public Optional<Table> table(String name) {
                return Optional.ofNullable(sorted.get(name)).map(Supplier::get);
            }
        };
    }
}
