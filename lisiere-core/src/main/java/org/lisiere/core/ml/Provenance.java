package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

/**
 * Where a model version came from, so that it can be reproduced and audited.
 *
 * @param statement the CREATE MODEL statement as written
 * @param trainingRows rows the query returned
 * @param dataFingerprint a hash over every value of the training data, in query order
 * @param seed the seed of the data split
 * @param engine the engine name and version that ran the query
 * @param lisiereVersion the Lisière build that trained the model
 * @param createdAt when training finished (ISO-8601)
 * @param durationMillis how long training took
 */
public record Provenance(String statement, long trainingRows, String dataFingerprint, long seed, String engine,
        String lisiereVersion, String createdAt, long durationMillis) {
    public Provenance {
        requireNonNull(statement, "statement is null");
        requireNonNull(dataFingerprint, "dataFingerprint is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(lisiereVersion, "lisiereVersion is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
