package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The options of {@code kmeans}, with the defaults of the Lisière SQL reference: k-means++ initialization, euclidean
 * distance, standardized features, 20 iterations with early stopping below 1% relative progress. k-means trains on
 * every row (no data split), as in BigQuery ML.
 *
 * @param numClusters empty: {@code round(log10(rows))}, at least 2
 * @param initColumn for {@code kmeans_init_method = 'custom'}: the BOOLEAN column marking the initial centroids
 */
record KMeansOptions(OptionalInt numClusters, String initMethod, Optional<String> initColumn, String distanceType,
        boolean standardize, int maxIterations, boolean earlyStop, double minRelProgress, long seed,
        Map<String, String> effective) {
    static final int MAX_CLUSTERS = 100;

    KMeansOptions {
        requireNonNull(numClusters, "numClusters is null");
        requireNonNull(initMethod, "initMethod is null");
        requireNonNull(initColumn, "initColumn is null");
        requireNonNull(distanceType, "distanceType is null");
        effective = Map.copyOf(requireNonNull(effective, "effective is null"));
    }

    static KMeansOptions parse(Map<String, OptionValue> options) {
        OptionReader reader = new OptionReader("kmeans", options, List.of("num_clusters", "kmeans_init_method",
                "kmeans_init_col", "distance_type", "standardize_features", "max_iterations", "early_stop",
                "min_rel_progress"));
        OptionalInt clusters = OptionalInt.empty();
        if (reader.get("num_clusters").isPresent()) {
            clusters = OptionalInt.of(reader.integer("num_clusters", 0, 2, "an integer from 2 to " + MAX_CLUSTERS));
            if (clusters.getAsInt() > MAX_CLUSTERS) {
                throw options.get("num_clusters").invalid("an integer from 2 to " + MAX_CLUSTERS);
            }
        }
        String init = reader.word("kmeans_init_method", "kmeans++", List.of("kmeans++", "random", "custom"));
        Optional<String> initColumn = reader.get("kmeans_init_col").map(OptionValue::asString);
        if (init.equals("custom") != initColumn.isPresent()) {
            throw new LisiereException(ErrorCode.INVALID_OPTION, "CREATE MODEL: kmeans_init_col names the BOOLEAN"
                    + " column marking the initial centroids and goes with kmeans_init_method = 'custom' (both or"
                    + " neither)");
        }
        initColumn.ifPresent(c -> reader.record("kmeans_init_col", c));
        String distance = reader.word("distance_type", "euclidean", List.of("euclidean", "cosine"));
        boolean standardize = reader.bool("standardize_features", true);
        int maxIterations = reader.integer("max_iterations", 20, 1, "an integer >= 1");
        boolean earlyStop = reader.bool("early_stop", true);
        double minRelProgress = reader.number("min_rel_progress", 0.01, 0, 1, "a number between 0 and 1");
        long seed = (long) reader.number("seed", LinearOptions.DEFAULT_SEED);
        return new KMeansOptions(clusters, init, initColumn, distance, standardize, maxIterations, earlyStop,
                minRelProgress, seed, reader.effective());
    }
}
