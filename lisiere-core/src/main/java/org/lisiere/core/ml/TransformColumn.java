package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

/**
 * One output column of a model's TRANSFORM: its name and the SQL expression over the raw input columns that
 * computes it, with every statistic learned at training (means, quantiles, categories) written in as literals.
 */
public record TransformColumn(String name, String sql) {
    public TransformColumn {
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
    }
}
