package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A trained k-means model. Each input becomes design coordinates: a numeric input {@code (coalesce(x, mean) -
 * center) / scale} (center and scale are the training mean and standard deviation with
 * {@code standardize_features}, else 0 and 1), a categorical input one 0/1 coordinate per training category.
 * Centroids hold one coordinate per design column, numeric inputs first.
 *
 * @param distanceType {@code euclidean} or {@code cosine}
 * @param normalizedDistanceQuantiles the 0th to 1000th per-mille of the training rows' normalized distances (distance
 *     to the nearest centroid divided by that centroid's radius), for ML.DETECT_ANOMALIES
 */
public record KMeansModel(String distanceType, List<NumericFeature> numeric, List<CategoricalFeature> categorical,
        List<Centroid> centroids, List<Double> normalizedDistanceQuantiles) {
    public KMeansModel {
        requireNonNull(distanceType, "distanceType is null");
        numeric = List.copyOf(requireNonNull(numeric, "numeric is null"));
        categorical = List.copyOf(requireNonNull(categorical, "categorical is null"));
        centroids = List.copyOf(requireNonNull(centroids, "centroids is null"));
        normalizedDistanceQuantiles = List.copyOf(requireNonNull(normalizedDistanceQuantiles,
                "normalizedDistanceQuantiles is null"));
    }

    public record NumericFeature(String name, double mean, double center, double scale) {
        public NumericFeature {
            requireNonNull(name, "name is null");
        }
    }

    /** A categorical input and its categories, one design coordinate each. */
    public record CategoricalFeature(String name, List<CategoryKey> categories) {
        public CategoricalFeature {
            requireNonNull(name, "name is null");
            categories = List.copyOf(requireNonNull(categories, "categories is null"));
        }
    }

    /** A category value; {@code isNull} marks the NULL category. */
    public record CategoryKey(String category, boolean isNull) {
        public CategoryKey {
            requireNonNull(category, "category is null");
        }
    }

    /**
     * @param id 1-based
     * @param radius the root mean square distance of the training rows assigned to it
     * @param size the number of training rows assigned to it
     */
    public record Centroid(int id, List<Double> coordinates, double radius, long size) {
        public Centroid {
            coordinates = List.copyOf(requireNonNull(coordinates, "coordinates is null"));
        }
    }
}
