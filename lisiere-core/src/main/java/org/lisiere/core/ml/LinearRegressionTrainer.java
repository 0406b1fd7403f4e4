package org.lisiere.core.ml;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.lisiere.core.ml.ModelVersion.TrainingIteration;
import org.lisiere.spi.Column;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Trains {@code linear_reg} on the standardized {@link Inputs}: exactly by least squares (Householder QR, L2 as
 * ridge rows) without an L1 penalty, else by OWL-QN on {@code ½ Σ (y - ŷ)² + l2/2 ||w||² + l1 ||w||₁}.
 * Weights are returned on the original scale.
 */
final class LinearRegressionTrainer {
    private LinearRegressionTrainer() {}

    static Trained train(String modelName, TrainingData data, LinearOptions options, TrainingMonitor monitor) {
        long started = System.nanoTime();
        Supervised prepared = Supervised.prepare(modelName, data, options, true);
        java.util.concurrent.CompletableFuture<List<ModelVersion.FeatureInfo>> statistics =
                monitor.meanwhile(prepared::featureInfo);
        Rows train = prepared.train();
        Inputs inputs = prepared.inputs();
        int width = inputs.width() + (options.fitIntercept() ? 1 : 0);
        double[] y = new double[train.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = prepared.labels().number(train.get(i));
        }
        monitor.phase(options.l1() > 0 ? "iteration 0" : "solving least squares");
        LinearModel model = options.l1() > 0 ? iterative(prepared, y, options, monitor)
                : exact(modelName, prepared, y, width, options);
        Map<String, Double> metrics = RegressionMetrics.compute(model, data, prepared.metricRows(),
                prepared.labelIndex());
        OptionalDouble evalLoss = prepared.split().evaluation().isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(metrics.get("mean_squared_error"));
        double trainLoss = prepared.split().evaluation().isEmpty() ? metrics.get("mean_squared_error")
                : RegressionMetrics.compute(model, data, train, prepared.labelIndex()).get("mean_squared_error");
        List<TrainingIteration> info = List.of(new TrainingIteration(0, trainLoss, evalLoss, 0,
                (System.nanoTime() - started) / 1_000_000));
        return new Trained(Optional.of(model), List.of(), Optional.empty(), Optional.empty(), metrics, train.size(),
                prepared.split().evaluation().size(), List.of(), prepared.labelType(), info, statistics.join());
    }

    private static LinearModel exact(String modelName, Supervised prepared, double[] y, int width,
            LinearOptions options) {
        int n = y.length;
        Inputs inputs = prepared.inputs();
        int ridgeRows = options.l2() > 0 ? inputs.width() : 0;
        if (n + ridgeRows < width) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': " + n
                    + " training rows are too few for " + width + " coefficients");
        }
        double[][] design = inputs.columnMajor(prepared.train(), options.fitIntercept(), ridgeRows);
        double[] target = java.util.Arrays.copyOf(y, n + ridgeRows);
        for (int j = 0; j < ridgeRows; j++) {
            design[j][n + j] = Math.sqrt(options.l2());
        }
        LeastSquares.Fit fit = LeastSquares.solve(design, target);
        Optional<Inputs.Inference> inference = Optional.empty();
        if (options.calculatePValues()) {
            double residualSquares = residuals(prepared, y, fit.coefficients(), options.fitIntercept());
            double variance = residualSquares / Math.max(1, n - fit.kept().length);
            double[][] gram = fit.inverseGram();
            for (double[] row : gram) {
                for (int j = 0; j < row.length; j++) {
                    row[j] *= variance;
                }
            }
            double df = Math.max(1, n - fit.kept().length);
            inference = Optional.of(new Inputs.Inference(gram, t -> Distributions.studentTwoSided(t, df)));
        }
        return inputs.toModel(fit.coefficients(), options.fitIntercept(), prepared.labelName(), inference);
    }

    private static double residuals(Supervised prepared, double[] y, double[] coefficients, boolean intercept) {
        double[][] design = prepared.inputs().columnMajor(prepared.train(), intercept);
        double[] fitted = new double[y.length];
        for (int j = 0; j < design.length; j++) {
            for (int i = 0; i < y.length; i++) {
                fitted[i] += coefficients[j] * design[j][i];
            }
        }
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (y[i] - fitted[i]) * (y[i] - fitted[i]);
        }
        return sum;
    }

    private static LinearModel iterative(Supervised prepared, double[] y, LinearOptions options,
            TrainingMonitor monitor) {
        Inputs inputs = prepared.inputs();
        double[][] design = inputs.columnMajor(prepared.train(), options.fitIntercept());
        int width = design.length;
        double[] l1 = new double[width];
        java.util.Arrays.fill(l1, 0, inputs.width(), options.l1());
        Lbfgs.Objective squares = (w, gradient) -> {
            double[] residual = y.clone();
            for (int j = 0; j < width; j++) {
                double[] column = design[j];
                for (int i = 0; i < residual.length; i++) {
                    residual[i] -= w[j] * column[i];
                }
            }
            double value = 0;
            for (double r : residual) {
                value += r * r / 2;
            }
            for (int j = 0; j < width; j++) {
                gradient[j] = -Lbfgs.dot(design[j], residual);
                if (j < inputs.width()) {
                    gradient[j] += options.l2() * w[j];
                    value += options.l2() / 2 * w[j] * w[j];
                }
            }
            return value;
        };
        Rows evaluation = prepared.split().evaluation();
        boolean stopOnEvaluation = options.earlyStop() && !evaluation.isEmpty();
        double[][] evalDesign = inputs.columnMajor(evaluation, options.fitIntercept());
        double[] evalY = evaluation.stream().mapToDouble(row -> prepared.labels().number(row)).toArray();
        double[] previous = {meanSquaredError(evalDesign, new double[width], evalY)};
        Lbfgs.Result result = Lbfgs.minimize(squares, new double[width], l1, new Lbfgs.Stopping(
                options.maxIterations(), options.earlyStop() && !stopOnEvaluation, options.minRelProgress()),
                (i, x, v) -> {
                    monitor.iteration(i, options.maxIterations(), v / y.length);
                    if (!stopOnEvaluation) {
                        return false;
                    }
                    // With an evaluation split, early stopping watches its error (as BigQuery ML).
                    double error = meanSquaredError(evalDesign, x, evalY);
                    double progress = (previous[0] - error) / Math.max(previous[0], 1e-300);
                    previous[0] = error;
                    return progress < options.minRelProgress();
                });
        return inputs.toModel(result.x(), options.fitIntercept(), prepared.labelName());
    }

    private static double meanSquaredError(double[][] design, double[] w, double[] y) {
        double[] predicted = LogisticObjectives.scores(design, w, 0);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (y[i] - predicted[i]) * (y[i] - predicted[i]);
        }
        return sum / Math.max(1, y.length);
    }

    static int labelIndex(String modelName, TrainingData data, String label, boolean numeric) {
        for (int c = 0; c < data.schema().size(); c++) {
            Column column = data.schema().column(c);
            if (column.name().equalsIgnoreCase(label)) {
                if (numeric && !column.type().family().isNumeric()) {
                    throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': label column '"
                            + column.name() + "' is " + column.type() + "; linear_reg needs a numeric label");
                }
                return c;
            }
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "' expects label column '"
                + label + "' but the query has no such column (columns: " + data.schema().columns().stream()
                .map(Column::name).collect(Collectors.joining(", ")) + "); name it with input_label_cols");
    }
}
