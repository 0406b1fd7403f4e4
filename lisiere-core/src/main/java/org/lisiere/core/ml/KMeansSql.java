package org.lisiere.core.ml;

import static org.lisiere.core.ml.LinearModelSql.INPUT_ALIAS;
import static org.lisiere.core.ml.LinearModelSql.literal;
import static org.lisiere.core.ml.LinearModelSql.string;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lisiere.core.ml.KMeansModel.CategoricalFeature;
import org.lisiere.core.ml.KMeansModel.CategoryKey;
import org.lisiere.core.ml.KMeansModel.Centroid;
import org.lisiere.core.ml.KMeansModel.NumericFeature;


/**
 * Compiles the ML functions of k-means models into SQL: the input is encoded into design coordinates
 * {@code __lisiere_x1 …}, then its distance to every centroid is a literal expression.
 */
final class KMeansSql {
    static final List<String> METRICS = List.of("davies_bouldin_index", "mean_squared_distance");
    /** ML.PREDICT lists the distances to this many nearest centroids, as BigQuery ML. */
    static final int NEAREST = 5;

    private KMeansSql() {}

    /** ML.PREDICT: centroid_id, nearest_centroids_distance (nearest first), then the input columns. */
    static String predict(KMeansModel model, String data, boolean keepOriginalColumns, UnaryOperator<String> column) {
        int shown = Math.min(NEAREST, model.centroids().size());
        return "(SELECT __lisiere_d[1].centroid_id AS centroid_id, __lisiere_d[1:" + shown + "] AS"
                + " nearest_centroids_distance" + (keepOriginalColumns ? ", * EXCLUDE (__lisiere_d)" : "")
                + " FROM " + distances(model, data, column) + ")";
    }

    /** davies_bouldin_index and mean_squared_distance of {@code data} against the model's centroids. */
    static String evaluate(KMeansModel model, String data, UnaryOperator<String> column) {
        List<String> separations = new ArrayList<>();
        boolean cosine = model.distanceType().equals("cosine");
        for (Centroid a : model.centroids()) {
            for (Centroid b : model.centroids()) {
                if (a.id() != b.id()) {
                    separations.add("(" + a.id() + ", " + b.id() + ", " + literal(KMeansTrainer.distance(
                            coordinates(a), coordinates(b), cosine)) + ")");
                }
            }
        }
        return "(WITH __assigned AS (SELECT __lisiere_d[1].centroid_id AS c, __lisiere_d[1].distance AS d FROM "
                + distances(model, data, column) + "),"
                + " __scatter AS (SELECT c, avg(d) AS s FROM __assigned GROUP BY c),"
                + " __separation(a, b, m) AS (VALUES " + String.join(", ", separations) + "),"
                + " __worst AS (SELECT x.c, max((x.s + y.s) / m) AS r FROM __scatter x JOIN __scatter y ON x.c <> y.c"
                + " JOIN __separation ON a = x.c AND b = y.c GROUP BY x.c)"
                + " SELECT (SELECT avg(r) FROM __worst) AS davies_bouldin_index,"
                + " (SELECT avg(d * d) FROM __assigned) AS mean_squared_distance)";
    }

    /**
     * ML.DETECT_ANOMALIES: is_anomaly, normalized_distance (the smallest distance to a centroid divided by that
     * centroid's radius), centroid_id, then the input. Anomalous means a normalized distance above the training
     * rows' {@code 1 - contamination} quantile.
     */
    static String detectAnomalies(KMeansModel model, String data, double contamination,
            UnaryOperator<String> column) {
        String normalized = model.centroids().stream()
                .map(c -> "list_filter(__lisiere_d, lambda __lisiere_c: __lisiere_c.centroid_id = " + c.id()
                        + ")[1].distance / "
                        + literal(Math.max(c.radius(), Double.MIN_NORMAL)))
                .collect(Collectors.joining(", ", "least(", ")"));
        if (model.centroids().size() == 1) {
            normalized = normalized.replace("least(", "(");
        }
        return "(SELECT __lisiere_n > " + literal(threshold(model, contamination)) + " AS is_anomaly, __lisiere_n AS"
                + " normalized_distance, * EXCLUDE (__lisiere_n) FROM (SELECT " + normalized + " AS __lisiere_n,"
                + " __lisiere_d[1].centroid_id AS centroid_id, * EXCLUDE (__lisiere_d) FROM "
                + distances(model, data, column) + "))";
    }

    /** The {@code 1 - contamination} quantile of the training rows' normalized distances, interpolated. */
    static double threshold(KMeansModel model, double contamination) {
        List<Double> quantiles = model.normalizedDistanceQuantiles();
        double position = (1 - contamination) * (quantiles.size() - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, quantiles.size() - 1);
        return quantiles.get(low) + (position - low) * (quantiles.get(high) - quantiles.get(low));
    }

    /** ML.CENTROIDS: centroid_id, feature, numerical_value, categorical_value; unstandardized unless asked. */
    static String centroids(KMeansModel model, boolean standardize) {
        List<String> rows = new ArrayList<>();
        for (Centroid centroid : model.centroids()) {
            int j = 0;
            for (NumericFeature feature : model.numeric()) {
                double value = centroid.coordinates().get(j++);
                rows.add("(" + centroid.id() + ", " + string(feature.name()) + ", "
                        + literal(standardize ? value : value * feature.scale() + feature.center())
                        + ", CAST([] AS STRUCT(category VARCHAR, value DOUBLE)[]))");
            }
            for (CategoricalFeature feature : model.categorical()) {
                List<String> values = new ArrayList<>();
                for (CategoryKey category : feature.categories()) {
                    values.add("{'category': " + (category.isNull() ? "NULL" : string(category.category()))
                            + ", 'value': " + literal(centroid.coordinates().get(j++)) + "}");
                }
                rows.add("(" + centroid.id() + ", " + string(feature.name()) + ", CAST(NULL AS DOUBLE), CAST("
                        + values.stream().collect(Collectors.joining(", ", "[", "]"))
                        + " AS STRUCT(category VARCHAR, value DOUBLE)[]))");
            }
        }
        return "(SELECT centroid_id::BIGINT AS centroid_id, feature, numerical_value, categorical_value FROM (VALUES "
                + String.join(", ", rows) + ") AS centroids(centroid_id, feature, numerical_value,"
                + " categorical_value))";
    }

    /** The input with {@code __lisiere_d}: every centroid's {centroid_id, distance}, nearest first. */
    private static String distances(KMeansModel model, String data, UnaryOperator<String> column) {
        List<String> encoded = encodings(model, column);
        List<String> coordinates = IntStream.rangeClosed(1, encoded.size()).mapToObj(j -> "__lisiere_x" + j)
                .toList();
        boolean cosine = model.distanceType().equals("cosine");
        String norm = "sqrt(" + coordinates.stream().map(x -> x + " * " + x).collect(Collectors.joining(" + ")) + ")";
        String list = model.centroids().stream()
                .map(c -> "{'distance': " + distance(c, coordinates, cosine, norm) + ", 'centroid_id': "
                        + c.id() + "::BIGINT}")
                .collect(Collectors.joining(", ", "[", "]"));
        String select = IntStream.range(0, encoded.size())
                .mapToObj(j -> encoded.get(j) + " AS " + coordinates.get(j)).collect(Collectors.joining(", "));
        // Lambda parameters are named so that they cannot shadow a column of the user's data.
        return "(SELECT list_transform(list_sort(" + list + "), lambda __lisiere_c: {'centroid_id':"
                + " __lisiere_c.centroid_id, 'distance': __lisiere_c.distance}) AS __lisiere_d, * EXCLUDE ("
                + String.join(", ", coordinates) + ") FROM (SELECT "
                + select + ", " + INPUT_ALIAS + ".* FROM " + data + " AS " + INPUT_ALIAS + "))";
    }

    private static String distance(Centroid centroid, List<String> coordinates, boolean cosine, String norm) {
        List<Double> c = centroid.coordinates();
        if (cosine) {
            double centroidNorm = Math.sqrt(c.stream().mapToDouble(v -> v * v).sum());
            String dot = IntStream.range(0, c.size()).mapToObj(j -> coordinates.get(j) + " * " + literal(c.get(j)))
                    .collect(Collectors.joining(" + "));
            return "coalesce(sqrt(greatest(0e0, 1 - (" + dot + ") / nullif(" + norm + " * " + literal(centroidNorm)
                    + ", 0))), 1e0)";
        }
        return "sqrt(" + IntStream.range(0, c.size())
                .mapToObj(j -> "power(" + coordinates.get(j) + " - " + literal(c.get(j)) + ", 2)")
                .collect(Collectors.joining(" + ")) + ")";
    }

    /** One SQL expression per design coordinate, numeric inputs first. */
    private static List<String> encodings(KMeansModel model, UnaryOperator<String> column) {
        List<String> encoded = new ArrayList<>();
        for (NumericFeature feature : model.numeric()) {
            encoded.add("(coalesce(CAST(" + column.apply(feature.name()) + " AS DOUBLE), " + literal(feature.mean())
                    + ") - " + literal(feature.center()) + ") / " + literal(feature.scale()));
        }
        for (CategoricalFeature feature : model.categorical()) {
            String value = column.apply(feature.name());
            for (CategoryKey category : feature.categories()) {
                encoded.add("CASE WHEN " + (category.isNull() ? value + " IS NULL"
                        : "CAST(" + value + " AS VARCHAR) = " + string(category.category()))
                        + " THEN 1e0 ELSE 0e0 END");
            }
        }
        return encoded;
    }

    private static double[] coordinates(Centroid centroid) {
        return centroid.coordinates().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
