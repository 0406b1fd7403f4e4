package org.lisiere.core.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.lisiere.spi.ColumnDefinition;

/**
 * A sync ({@code CREATE SYNC}): every {@code every}, each selected site runs {@code query} over the rows of its site
 * tables that arrived since its previous run and sends the result to the core, where it lands in table {@code name}
 * with a {@code site} column in front of {@code columns}.
 *
 * @param columns the query's result columns, as the core determined them
 */
public record SyncDefinition(String name, SiteSelector sites, Duration every, String query,
        List<ColumnDefinition> columns) {
    public SyncDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(sites, "sites is null");
        requireNonNull(every, "every is null");
        requireNonNull(query, "query is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
}
