package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.ServiceLoader;
import org.lisiere.core.ml.ModelVersion.TrainingIteration;
import org.lisiere.core.ml.TreeModel.TreeFeature;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.trees.TrainedTrees;
import org.lisiere.spi.trees.TreeDataset;
import org.lisiere.spi.trees.TreeTrainer;
import org.lisiere.spi.trees.TreeTrainingListener;
import org.lisiere.spi.trees.TreeTrainingRequest;

/**
 * Trains boosted trees and random forests through the tree-training plugin (XGBoost): numeric inputs as they are
 * (NULL is missing, which the trees learn to route), categorical inputs one-hot with NULL as a category; the same
 * label, split and class weights as the linear models. Early stopping watches the evaluation loss (else the
 * training loss) as BigQuery ML does: stop when a round improves it by less than {@code min_rel_progress}.
 */
final class TreeEnsembleTrainer {
    /** Rows of the feature matrix written together, by one core. */
    private static final int BLOCK = 4096;

    private TreeEnsembleTrainer() {}

    static Trained train(String modelName, TrainingData data, TreeOptions options, TrainingMonitor monitor) {
        long started = System.nanoTime();
        Supervised prepared = Supervised.prepare(modelName, data, options.label(), options.split(),
                !options.isClassifier(), Inputs.Encoding.ALL_CATEGORIES, Inputs.Scaling.UNMEASURED);
        List<TreeFeature> features = features(prepared.inputs());
        List<String> classes = options.isClassifier() ? LogisticRegressionTrainer.classes(modelName, prepared)
                : List.of();
        int k = classes.size();
        int[] trainRows = prepared.train().toArray();
        int[] evalRows = prepared.split().evaluation().toArray();
        int[] trainClasses = classIndices(prepared, prepared.train(), classes);
        int[] evalClasses = classIndices(prepared, prepared.split().evaluation(), classes);
        float[] labels = labels(prepared, trainRows, trainClasses);
        float[] evalLabels = labels(prepared, evalRows, evalClasses);
        float[] weights = weights(modelName, trainRows.length, trainClasses, classes, options);
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters());
        parameters.put("objective", k == 0 ? "reg:squarederror" : k == 2 ? "binary:logistic" : "multi:softprob");
        parameters.put("eval_metric", k == 0 ? "rmse" : k == 2 ? "logloss" : "mlogloss");
        if (k > 2) {
            parameters.put("num_class", String.valueOf(k));
        }
        parameters.put("nthread", String.valueOf(Runtime.getRuntime().availableProcessors()));
        monitor.phase("building the feature matrix");
        TreeDataset training = new TreeDataset(matrix(prepared, features, trainRows), labels.length,
                features.size(), labels, weights);
        Optional<TreeDataset> evaluation = evalLabels.length == 0 ? Optional.empty()
                : Optional.of(new TreeDataset(matrix(prepared, features, evalRows), evalLabels.length,
                        features.size(), evalLabels, weights(modelName, evalRows.length, evalClasses, classes,
                        options)));
        // while XGBoost loads the matrix, on one core; done before its rounds, whose threads they would slow
        CompletableFuture<List<ModelVersion.FeatureInfo>> statistics = monitor.meanwhile(prepared::featureInfo);
        monitor.phase("round 0");
        Rounds rounds = new Rounds(options, Double.parseDouble(parameters.get("eta")), monitor, started);
        TrainedTrees trees = trainer().train(new TreeTrainingRequest(training, evaluation, parameters,
                options.rounds()), rounds);
        monitor.phase("computing the evaluation metrics");
        TreeModel model = new TreeModel(options.label(), features, trees.modelJson());
        Map<String, Double> metrics = metrics(trees.margins(), evaluation.orElse(training), k);
        monitor.phase("computing the feature statistics");
        return new Trained(Optional.empty(), List.of(), Optional.empty(), Optional.of(model), metrics, labels.length,
                evalLabels.length, classes, prepared.labelType(), rounds.info, statistics.join());
    }

    /**
     * Hears XGBoost: waits for the work started meanwhile once XGBoost holds the data, records each round for
     * ML.TRAINING_INFO, reports progress and asks to stop as early stopping or a cancellation requires.
     */
    private static final class Rounds implements TreeTrainingListener {
        final List<TrainingIteration> info = new ArrayList<>();
        private final TreeOptions options;
        private final double learnRate;
        private final TrainingMonitor monitor;
        private long last;

        Rounds(TreeOptions options, double learnRate, TrainingMonitor monitor, long started) {
            this.options = options;
            this.learnRate = learnRate;
            this.monitor = monitor;
            this.last = started;
        }

        @Override
        public void loaded() {
            monitor.awaitBackground();
        }

        @Override
        public boolean round(int round, double loss, OptionalDouble evalLoss) {
            long now = System.nanoTime();
            double watched = evalLoss.orElse(loss);
            double previous = info.isEmpty() ? Double.NaN
                    : info.get(info.size() - 1).evalLoss().orElse(info.get(info.size() - 1).loss());
            info.add(new TrainingIteration(info.size(), loss, evalLoss, learnRate, (now - last) / 1_000_000));
            last = now;
            monitor.iteration(round, options.rounds(), loss);
            monitor.check();
            return options.earlyStop() && !Double.isNaN(previous)
                    && (previous - watched) / Math.abs(previous) < options.minRelProgress();
        }
    }

    static TreeTrainer trainer() {
        return ServiceLoader.load(TreeTrainer.class).findFirst().orElseThrow(() -> new LisiereException(
                ErrorCode.UNSUPPORTED_OPERATION, "No tree-training library is installed: boosted trees and random"
                        + " forests need the lisiere-xgboost module on the class path"));
    }

    /** The trees' features: each numeric input, then each category of each categorical input, in input order. */
    private static List<TreeFeature> features(Inputs inputs) {
        List<TreeFeature> features = new ArrayList<>();
        for (Inputs.FeatureColumn feature : inputs.features()) {
            if (feature instanceof Inputs.NumericColumn numeric) {
                features.add(new TreeFeature(numeric.name(), Optional.empty(), false));
            } else if (feature instanceof Inputs.CategoricalColumn categorical) {
                for (Inputs.Category category : categorical.encoded()) {
                    features.add(new TreeFeature(categorical.name(),
                            category.isNull() ? Optional.empty() : Optional.of(category.text()), category.isNull()));
                }
            }
        }
        return features;
    }

    /**
     * Row-major features of {@code rows}: numbers as floats (NaN for NULL), categories as 1 or 0. Each categorical
     * column is first turned into the feature index of every row (-1: no feature), then the rows are written in
     * blocks on every core, each row's features together.
     */
    private static float[] matrix(Supervised prepared, List<TreeFeature> features, int[] rows) {
        int width = features.size();
        TrainingData data = prepared.data();
        List<Integer> numericFeatures = new ArrayList<>();
        List<TrainingData.Column> numericColumns = new ArrayList<>();
        Map<String, Map<String, Integer>> oneHot = new LinkedHashMap<>();
        for (int f = 0; f < width; f++) {
            TreeFeature feature = features.get(f);
            if (feature.isNumeric()) {
                numericFeatures.add(f);
                numericColumns.add(data.column(columnIndex(data, feature.column())));
            } else {
                oneHot.computeIfAbsent(feature.column(), c -> new java.util.HashMap<>())
                        .put(feature.nullCategory() ? null : feature.category().orElseThrow(), f);
            }
        }
        List<int[]> categoryFeatures = oneHot.entrySet().parallelStream()
                .map(e -> categoryFeatures(data.column(columnIndex(data, e.getKey())), e.getValue(), rows)).toList();
        float[] matrix = new float[rows.length * width];
        int blocks = (rows.length + BLOCK - 1) / BLOCK;
        java.util.stream.IntStream.range(0, blocks).parallel().forEach(block -> {
            int end = Math.min(rows.length, (block + 1) * BLOCK);
            for (int n = 0; n < numericFeatures.size(); n++) {
                int f = numericFeatures.get(n);
                TrainingData.Column column = numericColumns.get(n);
                if (column instanceof TrainingData.Numbers numbers) {
                    double[] values = numbers.values();
                    boolean[] nulls = numbers.nulls();
                    for (int i = block * BLOCK; i < end; i++) {
                        int row = rows[i];
                        matrix[i * width + f] = nulls[row] ? Float.NaN : (float) values[row];
                    }
                } else {
                    for (int i = block * BLOCK; i < end; i++) {
                        matrix[i * width + f] = column.isNull(rows[i]) ? Float.NaN : (float) column.number(rows[i]);
                    }
                }
            }
            for (int[] feature : categoryFeatures) {
                for (int i = block * BLOCK; i < end; i++) {
                    if (feature[i] >= 0) {
                        matrix[i * width + feature[i]] = 1;
                    }
                }
            }
        });
        return matrix;
    }

    /** The one-hot feature of each row's category (-1 when the category has none), looking each value up once. */
    private static int[] categoryFeatures(TrainingData.Column column, Map<String, Integer> featureOfCategory,
            int[] rows) {
        Map<Object, Integer> featureOfValue = new java.util.HashMap<>();
        int[] features = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            Object value = column.value(rows[i]);
            Integer feature = featureOfValue.get(value);
            if (feature == null) {
                feature = featureOfCategory.getOrDefault(value == null ? null : String.valueOf(value), -1);
                featureOfValue.put(value, feature);
            }
            features[i] = feature;
        }
        return features;
    }

    private static int columnIndex(TrainingData data, String name) {
        for (int c = 0; c < data.schema().size(); c++) {
            if (data.schema().column(c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("no input column " + name);
    }

    /** The class index of each row for a classifier; empty for a regressor. */
    private static int[] classIndices(Supervised prepared, Rows rows, List<String> classes) {
        return classes.isEmpty() ? new int[0] : LogisticRegressionTrainer.classIndices(prepared, rows, classes);
    }

    private static float[] labels(Supervised prepared, int[] rows, int[] classIndices) {
        float[] labels = new float[rows.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classIndices.length == 0 ? (float) prepared.labels().number(rows[i]) : classIndices[i];
        }
        return labels;
    }

    /** Each row's weight: its class weight for a classifier, else 1. */
    private static float[] weights(String modelName, int rows, int[] classIndices, List<String> classes,
            TreeOptions options) {
        if (classes.isEmpty()) {
            float[] weights = new float[rows];
            java.util.Arrays.fill(weights, 1);
            return weights;
        }
        double[] perRow = LogisticRegressionTrainer.sampleWeights(modelName, classIndices, classes,
                options.autoClassWeights(), options.classWeights());
        float[] weights = new float[perRow.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) perRow[i];
        }
        return weights;
    }

    /** Metrics on {@code data} from the trained model's margins of its rows (one per class of a multiclass model). */
    private static Map<String, Double> metrics(float[] flatMargins, TreeDataset data, int classes) {
        int groups = classes > 2 ? classes : 1;
        double[][] margins = new double[groups][data.rows()];
        for (int r = 0; r < data.rows(); r++) {
            for (int g = 0; g < groups; g++) {
                margins[g][r] = flatMargins[r * groups + g];
            }
        }
        float[] labels = data.labels();
        if (classes == 0) {
            double[] actual = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                actual[i] = labels[i];
            }
            return RegressionMetrics.of(margins[0], actual);
        }
        int[] actual = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            actual[i] = (int) labels[i];
        }
        return ClassificationMetrics.of(LogisticObjectives.toProbabilities(margins), actual);
    }
}
