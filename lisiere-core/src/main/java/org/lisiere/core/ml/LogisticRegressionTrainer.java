package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Trains binary {@code logistic_reg} by Newton's method (iteratively reweighted least squares, each step solved by
 * Householder QR), minimizing the negative log-likelihood plus {@code l2_reg / 2 × ||w||²} over the standardized
 * weights. The positive class is the greater label. With {@code auto_class_weights}, each class weighs
 * {@code rows / (2 × rows of the class)}.
 */
final class LogisticRegressionTrainer {
    private static final double CONVERGED = 1e-10;

    private LogisticRegressionTrainer() {}

    static Trained train(String modelName, TrainingData data, LinearOptions options) {
        int labelIndex = LinearRegressionTrainer.labelIndex(modelName, data, options.label(), false);
        Object[] labels = data.columns().get(labelIndex);
        List<Integer> usable = new ArrayList<>();
        for (int r = 0; r < data.rows(); r++) {
            if (labels[r] != null) {
                usable.add(r);
            }
        }
        List<String> classes = classes(modelName, data.schema().column(labelIndex).name(), labels, usable);
        String positive = classes.get(1);
        DataSplit.Split split = DataSplit.split(usable, options.splitMethod(), options.evalFraction(), options.seed());
        List<Integer> train = split.train();
        Inputs inputs = Inputs.of(modelName, data, labelIndex, train);
        int width = inputs.width() + (options.fitIntercept() ? 1 : 0);
        double[][] x = new double[train.size()][width];
        double[] y = new double[train.size()];
        for (int i = 0; i < train.size(); i++) {
            inputs.encode(train.get(i), x[i]);
            if (options.fitIntercept()) {
                x[i][inputs.width()] = 1;
            }
            y[i] = String.valueOf(labels[train.get(i)]).equals(positive) ? 1 : 0;
        }
        double[] beta = newton(modelName, x, y, sampleWeights(y, options.autoClassWeights()), options, inputs);
        LinearModel model = inputs.toModel(beta, options.fitIntercept(), data.schema().column(labelIndex).name());
        List<Integer> evaluation = split.evaluation().isEmpty() ? train : split.evaluation();
        Map<String, Double> metrics = ClassificationMetrics.compute(model, data, evaluation, labelIndex, positive);
        return new Trained(model, metrics, train.size(), split.evaluation().size(), classes,
                data.schema().column(labelIndex).type().sqlName());
    }

    private static List<String> classes(String modelName, String label, Object[] labels, List<Integer> rows) {
        TreeSet<Object> distinct = new TreeSet<>();
        for (int row : rows) {
            distinct.add(labels[row]);
        }
        if (distinct.size() < 2) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': label column '" + label
                    + "' has " + distinct.size() + " distinct value(s) in the training data; logistic_reg needs two");
        }
        if (distinct.size() > 2) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "Model '" + modelName + "': label column '"
                    + label + "' has " + distinct.size() + " classes; this version trains binary logistic_reg only");
        }
        return distinct.stream().map(String::valueOf).toList();
    }

    private static double[] sampleWeights(double[] y, boolean balanced) {
        double[] weights = new double[y.length];
        double positives = 0;
        for (double v : y) {
            positives += v;
        }
        for (int i = 0; i < y.length; i++) {
            weights[i] = !balanced ? 1 : y.length / (2 * (y[i] == 1 ? positives : y.length - positives));
        }
        return weights;
    }

    private static double[] newton(String modelName, double[][] x, double[] y, double[] weights,
            LinearOptions options, Inputs inputs) {
        int n = x.length;
        int width = x[0].length;
        int penalized = inputs.width();
        double[] beta = new double[width];
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            double[][] a = new double[n + (options.l2() > 0 ? penalized : 0)][width];
            double[] b = new double[a.length];
            for (int i = 0; i < n; i++) {
                double z = dot(x[i], beta);
                double p = 1 / (1 + Math.exp(-z));
                double variance = Math.max(p * (1 - p), 1e-12);
                double root = Math.sqrt(weights[i] * variance);
                for (int j = 0; j < width; j++) {
                    a[i][j] = root * x[i][j];
                }
                b[i] = root * (z + (y[i] - p) / variance);
            }
            for (int j = 0; j < a.length - n; j++) {
                a[n + j][j] = Math.sqrt(options.l2());
            }
            double[] next;
            try {
                next = LeastSquares.solve(a, b);
            } catch (IllegalArgumentException e) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': the inputs are"
                        + " collinear (" + inputs.describeColumn(e.getMessage()) + ") or separate the classes"
                        + " perfectly; remove redundant columns or set l2_reg > 0");
            }
            double change = 0;
            double size = 0;
            for (int j = 0; j < width; j++) {
                change = Math.max(change, Math.abs(next[j] - beta[j]));
                size = Math.max(size, Math.abs(next[j]));
            }
            beta = next;
            if (change <= CONVERGED * (1 + size)) {
                break;
            }
        }
        return beta;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
