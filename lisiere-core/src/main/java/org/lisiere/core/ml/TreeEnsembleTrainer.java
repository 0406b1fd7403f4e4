package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.lisiere.core.ml.ModelVersion.TrainingIteration;
import org.lisiere.core.ml.TreeModel.TreeFeature;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.trees.TrainedTrees;
import org.lisiere.spi.trees.TreeDataset;
import org.lisiere.spi.trees.TreeTrainer;
import org.lisiere.spi.trees.TreeTrainingRequest;

/**
 * Trains boosted trees and random forests through the tree-training plugin (XGBoost): numeric inputs as they are
 * (NULL is missing, which the trees learn to route), categorical inputs one-hot with NULL as a category; the same
 * label, split and class weights as the linear models. Early stopping watches the evaluation loss (else the
 * training loss) as BigQuery ML does: stop when a round improves it by less than {@code min_rel_progress}.
 */
final class TreeEnsembleTrainer {
    /** Rows scored together when computing the metrics: their features stay in cache while every tree passes. */
    private static final int BLOCK = 4096;

    private TreeEnsembleTrainer() {}

    static Trained train(String modelName, TrainingData data, TreeOptions options, TrainingMonitor monitor) {
        long started = System.nanoTime();
        Supervised prepared = Supervised.prepare(modelName, data, options.label(), options.split(),
                !options.isClassifier(), Inputs.Encoding.ALL_CATEGORIES, false);
        List<TreeFeature> features = features(prepared.inputs());
        List<String> classes = options.isClassifier() ? LogisticRegressionTrainer.classes(modelName, prepared)
                : List.of();
        int k = classes.size();
        float[] labels = labels(prepared, prepared.train(), classes);
        float[] evalLabels = labels(prepared, prepared.split().evaluation(), classes);
        float[] weights = weights(modelName, prepared, prepared.train(), classes, options);
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters());
        parameters.put("objective", k == 0 ? "reg:squarederror" : k == 2 ? "binary:logistic" : "multi:softprob");
        parameters.put("eval_metric", k == 0 ? "rmse" : k == 2 ? "logloss" : "mlogloss");
        if (k > 2) {
            parameters.put("num_class", String.valueOf(k));
        }
        parameters.put("nthread", String.valueOf(Runtime.getRuntime().availableProcessors()));
        TreeDataset training = new TreeDataset(matrix(prepared, features, prepared.train()), labels.length,
                features.size(), labels, weights);
        Optional<TreeDataset> evaluation = evalLabels.length == 0 ? Optional.empty()
                : Optional.of(new TreeDataset(matrix(prepared, features, prepared.split().evaluation()),
                        evalLabels.length, features.size(), evalLabels,
                        weights(modelName, prepared, prepared.split().evaluation(), classes, options)));
        List<TrainingIteration> info = new ArrayList<>();
        long[] last = {started};
        monitor.phase("round 0");
        TrainedTrees trees = trainer().train(new TreeTrainingRequest(training, evaluation, parameters,
                options.rounds()), (round, loss, evalLoss) -> {
                    long now = System.nanoTime();
                    double watched = evalLoss.orElse(loss);
                    double previous = info.isEmpty() ? Double.NaN
                            : info.get(info.size() - 1).evalLoss().orElse(info.get(info.size() - 1).loss());
                    info.add(new TrainingIteration(info.size(), loss, evalLoss,
                            Double.parseDouble(parameters.get("eta")), (now - last[0]) / 1_000_000));
                    last[0] = now;
                    monitor.iteration(round, options.rounds(), loss);
                    monitor.check();
                    return options.earlyStop() && !Double.isNaN(previous)
                            && (previous - watched) / Math.abs(previous) < options.minRelProgress();
                });
        TreeModel model = new TreeModel(options.label(), features, trees.modelJson());
        Map<String, Double> metrics = metrics(model.ensemble(), evaluation.orElse(training), k);
        return new Trained(Optional.empty(), List.of(), Optional.empty(), Optional.of(model), metrics, labels.length,
                evalLabels.length, classes, prepared.labelType(), info, prepared.featureInfo());
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
     * Row-major features of {@code rows}: numbers as floats (NaN for NULL), categories as 1 or 0 (each categorical
     * column's rows looked up once, not once per category).
     */
    private static float[] matrix(Supervised prepared, List<TreeFeature> features, List<Integer> rows) {
        int width = features.size();
        float[] matrix = new float[rows.size() * width];
        TrainingData data = prepared.data();
        Map<String, Map<String, Integer>> oneHot = new java.util.HashMap<>();
        for (int f = 0; f < width; f++) {
            TreeFeature feature = features.get(f);
            if (feature.isNumeric()) {
                TrainingData.Column column = data.column(columnIndex(data, feature.column()));
                for (int i = 0; i < rows.size(); i++) {
                    int row = rows.get(i);
                    matrix[i * width + f] = column.isNull(row) ? Float.NaN : (float) column.number(row);
                }
            } else {
                oneHot.computeIfAbsent(feature.column(), c -> new java.util.HashMap<>())
                        .put(feature.nullCategory() ? null : feature.category().orElseThrow(), f);
            }
        }
        oneHot.forEach((name, categories) -> {
            TrainingData.Column column = data.column(columnIndex(data, name));
            for (int i = 0; i < rows.size(); i++) {
                int row = rows.get(i);
                Integer f = categories.get(column.isNull(row) ? null : String.valueOf(column.value(row)));
                if (f != null) {
                    matrix[i * width + f] = 1;
                }
            }
        });
        return matrix;
    }

    private static int columnIndex(TrainingData data, String name) {
        for (int c = 0; c < data.schema().size(); c++) {
            if (data.schema().column(c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("no input column " + name);
    }

    private static float[] labels(Supervised prepared, List<Integer> rows, List<String> classes) {
        float[] labels = new float[rows.size()];
        if (classes.isEmpty()) {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (float) prepared.labels().number(rows.get(i));
            }
        } else {
            int[] indices = LogisticRegressionTrainer.classIndices(prepared, rows, classes);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = indices[i];
            }
        }
        return labels;
    }

    private static float[] weights(String modelName, Supervised prepared, List<Integer> rows, List<String> classes,
            TreeOptions options) {
        float[] weights = new float[rows.size()];
        java.util.Arrays.fill(weights, 1);
        if (!classes.isEmpty()) {
            double[] perRow = LogisticRegressionTrainer.sampleWeights(modelName,
                    LogisticRegressionTrainer.classIndices(prepared, rows, classes), classes,
                    options.autoClassWeights(), options.classWeights());
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) perRow[i];
            }
        }
        return weights;
    }

    /** Metrics of the trees on {@code data}, scored by the same code as the SQL scores them. */
    private static Map<String, Double> metrics(TreeEnsemble ensemble, TreeDataset data, int classes) {
        double[][] margins = new double[ensemble.groups()][data.rows()];
        int blocks = (data.rows() + BLOCK - 1) / BLOCK;
        // Blocks of rows for every class, spread over the cores.
        java.util.stream.IntStream.range(0, margins.length * blocks).parallel().forEach(task -> {
            int group = task / blocks;
            int from = task % blocks * BLOCK;
            ensemble.margins(data.features(), from, Math.min(BLOCK, data.rows() - from), data.columns(), group,
                    margins[group]);
        });
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
