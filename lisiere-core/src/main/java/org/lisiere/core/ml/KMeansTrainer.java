package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.lisiere.core.ml.KMeansModel.CategoricalFeature;
import org.lisiere.core.ml.KMeansModel.CategoryKey;
import org.lisiere.core.ml.KMeansModel.Centroid;
import org.lisiere.core.ml.KMeansModel.NumericFeature;
import org.lisiere.core.ml.ModelVersion.TrainingIteration;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TypeFamily;

/**
 * Trains {@code kmeans} by Lloyd's algorithm from k-means++ (or random, or custom) seeds. Euclidean distance, or
 * cosine distance {@code √(1 − cos)} as in BigQuery ML. An emptied cluster is re-seeded with the row farthest from
 * its centroid.
 */
final class KMeansTrainer {
    private KMeansTrainer() {}

    static Trained train(String modelName, TrainingData data, KMeansOptions options, TrainingMonitor monitor) {
        long started = System.nanoTime();
        Set<Integer> excluded = options.initColumn().map(c -> Set.of(initColumn(modelName, data, c))).orElse(Set.of());
        Rows rows = Rows.all(data.rows());
        Inputs inputs = Inputs.of(modelName, data, excluded, rows, Inputs.Encoding.ALL_CATEGORIES,
                options.standardize() ? Inputs.Scaling.STANDARDIZE : Inputs.Scaling.RAW);
        if (inputs.width() == 0) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': kmeans needs at least"
                    + " one input column with more than one value");
        }
        int[] order = inputs.numericFirst();
        double[][] columns = inputs.columnMajor(rows, false);
        double[][] points = new double[rows.size()][inputs.width()];
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < order.length; j++) {
                points[i][j] = columns[order[j]][i];
            }
        }
        boolean cosine = options.distanceType().equals("cosine");
        int k = options.numClusters().orElse(Math.max(2, (int) Math.round(Math.log10(Math.max(rows.size(), 1)))));
        double[][] centroids = options.initColumn().isPresent()
                ? customSeeds(modelName, data, excluded.iterator().next(), points, options)
                : seeds(points, k, options, cosine);
        k = centroids.length;
        if (points.length < k) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': " + points.length
                    + " rows are too few for " + k + " clusters");
        }
        int[] assignment = new int[points.length];
        double[] distance = new double[points.length];
        List<TrainingIteration> info = new ArrayList<>();
        double loss = assign(points, centroids, assignment, distance, cosine);
        long last = started;
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            update(points, centroids, assignment, distance);
            double next = assign(points, centroids, assignment, distance, cosine);
            long now = System.nanoTime();
            info.add(new TrainingIteration(iteration, next, OptionalDouble.empty(), 0, (now - last) / 1_000_000));
            last = now;
            monitor.iteration(iteration + 1, options.maxIterations(), next);
            double progress = (loss - next) / Math.max(loss, 1e-300);
            loss = next;
            if (progress <= 0 || options.earlyStop() && progress < options.minRelProgress()) {
                break;
            }
        }
        KMeansModel model = model(inputs, centroids, assignment, distance, options.distanceType());
        Map<String, Double> metrics = metrics(centroids, assignment, distance, cosine);
        return new Trained(Optional.empty(), List.of(), Optional.of(model), Optional.empty(), metrics, points.length, 0,
                List.of(), "", info, FeatureStatistics.of(data, excluded, rows));
    }

    private static int initColumn(String modelName, TrainingData data, String name) {
        for (int c = 0; c < data.schema().size(); c++) {
            if (data.schema().column(c).name().equalsIgnoreCase(name)) {
                if (data.schema().column(c).type().family() != TypeFamily.BOOLEAN) {
                    throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': kmeans_init_col"
                            + " '" + name + "' is " + data.schema().column(c).type() + "; it must be BOOLEAN");
                }
                return c;
            }
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': kmeans_init_col '" + name
                + "' is not a column of the training query");
    }

    private static double[][] customSeeds(String modelName, TrainingData data, int column, double[][] points,
            KMeansOptions options) {
        TrainingData.Column marks = data.column(column);
        List<double[]> seeds = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            if (Boolean.TRUE.equals(marks.value(i))) {
                seeds.add(points[i].clone());
            }
        }
        if (seeds.size() < 2 || options.numClusters().isPresent() && options.numClusters().getAsInt() != seeds.size()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': kmeans_init_col marks "
                    + seeds.size() + " rows as initial centroids; it must mark num_clusters rows (at least 2)");
        }
        return seeds.toArray(double[][]::new);
    }

    /** k-means++ (each next seed drawn with probability proportional to its squared distance) or uniform draws. */
    private static double[][] seeds(double[][] points, int k, KMeansOptions options, boolean cosine) {
        SplittableRandom random = new SplittableRandom(options.seed());
        int n = points.length;
        double[][] seeds = new double[Math.min(k, n)][];
        if (options.initMethod().equals("random")) {
            int[] order = IntStream.range(0, n).toArray();
            for (int i = 0; i < seeds.length; i++) {
                int j = i + random.nextInt(n - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
                seeds[i] = points[order[i]].clone();
            }
            return seeds;
        }
        seeds[0] = points[random.nextInt(n)].clone();
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int s = 1; s < seeds.length; s++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double d = distance(points[i], seeds[s - 1], cosine);
                nearest[i] = Math.min(nearest[i], d * d);
                total += nearest[i];
            }
            double target = random.nextDouble() * total;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) {
                target -= nearest[i];
                if (target < 0) {
                    chosen = i;
                    break;
                }
            }
            seeds[s] = points[chosen].clone();
        }
        return seeds;
    }

    /** Assigns each point to its nearest centroid; returns the mean squared distance. */
    private static double assign(double[][] points, double[][] centroids, int[] assignment, double[] distance,
            boolean cosine) {
        double sum = 0;
        for (int i = 0; i < points.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                double d = distance(points[i], centroids[c], cosine);
                if (d < best) {
                    best = d;
                    assignment[i] = c;
                }
            }
            distance[i] = best;
            sum += best * best;
        }
        return sum / points.length;
    }

    private static void update(double[][] points, double[][] centroids, int[] assignment, double[] distance) {
        int d = centroids[0].length;
        double[][] sums = new double[centroids.length][d];
        int[] counts = new int[centroids.length];
        for (int i = 0; i < points.length; i++) {
            counts[assignment[i]]++;
            for (int j = 0; j < d; j++) {
                sums[assignment[i]][j] += points[i][j];
            }
        }
        for (int c = 0; c < centroids.length; c++) {
            if (counts[c] == 0) {
                int farthest = 0;
                for (int i = 1; i < points.length; i++) {
                    farthest = distance[i] > distance[farthest] ? i : farthest;
                }
                centroids[c] = points[farthest].clone();
                distance[farthest] = 0;
                continue;
            }
            for (int j = 0; j < d; j++) {
                centroids[c][j] = sums[c][j] / counts[c];
            }
        }
    }

    static double distance(double[] a, double[] b, boolean cosine) {
        if (cosine) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = 0; j < a.length; j++) {
                dot += a[j] * b[j];
                na += a[j] * a[j];
                nb += b[j] * b[j];
            }
            return na == 0 || nb == 0 ? 1 : Math.sqrt(Math.max(0, 1 - dot / Math.sqrt(na * nb)));
        }
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double diff = a[j] - b[j];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    private static KMeansModel model(Inputs inputs, double[][] centroids, int[] assignment, double[] distance,
            String distanceType) {
        List<NumericFeature> numeric = inputs.numeric().stream().filter(n -> n.width() == 1)
                .map(n -> new NumericFeature(n.name(), n.mean(), n.center(), n.scale())).toList();
        List<CategoricalFeature> categorical = inputs.categorical().stream()
                .map(c -> new CategoricalFeature(c.name(), c.encoded().stream()
                        .map(category -> new CategoryKey(category.text(), category.isNull())).toList()))
                .toList();
        double[] squares = new double[centroids.length];
        long[] sizes = new long[centroids.length];
        for (int i = 0; i < assignment.length; i++) {
            squares[assignment[i]] += distance[i] * distance[i];
            sizes[assignment[i]]++;
        }
        List<Centroid> list = new ArrayList<>();
        double[] radius = new double[centroids.length];
        for (int c = 0; c < centroids.length; c++) {
            radius[c] = sizes[c] == 0 ? 0 : Math.sqrt(squares[c] / sizes[c]);
            list.add(new Centroid(c + 1, Arrays.stream(centroids[c]).boxed().toList(), radius[c], sizes[c]));
        }
        double[] normalized = new double[assignment.length];
        for (int i = 0; i < assignment.length; i++) {
            normalized[i] = distance[i] / Math.max(radius[assignment[i]], Double.MIN_NORMAL);
        }
        return new KMeansModel(distanceType, numeric, categorical, list, quantiles(normalized));
    }

    private static List<Double> quantiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<Double> quantiles = new ArrayList<>();
        for (int q = 0; q <= 1000; q++) {
            double position = q / 1000.0 * (sorted.length - 1);
            int low = (int) Math.floor(position);
            int high = Math.min(low + 1, sorted.length - 1);
            quantiles.add(sorted[low] + (position - low) * (sorted[high] - sorted[low]));
        }
        return quantiles;
    }

    /** davies_bouldin_index and mean_squared_distance, in BigQuery ML's column order. */
    private static Map<String, Double> metrics(double[][] centroids, int[] assignment, double[] distance,
            boolean cosine) {
        int k = centroids.length;
        double[] scatter = new double[k];
        long[] sizes = new long[k];
        double squares = 0;
        for (int i = 0; i < assignment.length; i++) {
            scatter[assignment[i]] += distance[i];
            sizes[assignment[i]]++;
            squares += distance[i] * distance[i];
        }
        double index = 0;
        int clusters = 0;
        for (int i = 0; i < k; i++) {
            if (sizes[i] == 0) {
                continue;
            }
            double worst = 0;
            for (int j = 0; j < k; j++) {
                if (j != i && sizes[j] > 0) {
                    worst = Math.max(worst, (scatter[i] / sizes[i] + scatter[j] / sizes[j])
                            / distance(centroids[i], centroids[j], cosine));
                }
            }
            index += worst;
            clusters++;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("davies_bouldin_index", index / clusters);
        metrics.put("mean_squared_distance", squares / assignment.length);
        return metrics;
    }
}
