package org.lisiere.core.fleet;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.lisiere.spi.ColumnDefinition;

/**
 * A scoring ({@code CREATE SCORING}): at every site, each row that arrives in site table {@code table} is scored with
 * the model deployed there under {@code model}, into the site's table {@code name} with ML.PREDICT's
 * {@code columns}; rows meeting {@code alertWhen} are posted to {@code alertUrl}.
 */
public record ScoringDefinition(String name, String table, String model, List<ColumnDefinition> columns,
        Optional<String> alertWhen, Optional<String> alertUrl) {
    public ScoringDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(table, "table is null");
        requireNonNull(model, "model is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(alertWhen, "alertWhen is null");
        requireNonNull(alertUrl, "alertUrl is null");
        if (alertWhen.isPresent() != alertUrl.isPresent()) {
            throw new IllegalArgumentException("an alert needs both a condition and a URL");
        }
    }

    /**
     * The scored rows as a table syncs may read: the source's residency, retention and pseudonymised columns carry
     * over, since the scored rows hold the source's values.
     */
    public SiteTableDefinition asTable(SiteTableDefinition source) {
        return new SiteTableDefinition(name, columns, source.residency(), source.retention(),
                source.pseudonymise().stream().filter(c -> columns.stream().anyMatch(o -> o.name().equals(c)))
                        .toList(), Optional.empty());
    }
}
