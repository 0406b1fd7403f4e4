package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lisiere.spi.Column;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Trains {@code linear_reg} by least squares (Householder QR) on the encoded {@link Inputs}, with optional L2
 * regularization of the standardized weights, and returns the weights on the original scale.
 */
final class LinearRegressionTrainer {
    private LinearRegressionTrainer() {}

    static Trained train(String modelName, TrainingData data, LinearOptions options) {
        int labelIndex = labelIndex(modelName, data, options.label(), true);
        Object[] labels = data.columns().get(labelIndex);
        List<Integer> usable = new ArrayList<>();
        for (int r = 0; r < data.rows(); r++) {
            if (labels[r] != null) {
                usable.add(r);
            }
        }
        DataSplit.Split split = DataSplit.split(usable, options.splitMethod(), options.evalFraction(), options.seed());
        List<Integer> train = split.train();
        Inputs inputs = Inputs.of(modelName, data, labelIndex, train);
        int width = inputs.width() + (options.fitIntercept() ? 1 : 0);
        int ridgeRows = options.l2() > 0 ? width - (options.fitIntercept() ? 1 : 0) : 0;
        if (train.size() + ridgeRows < width) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': " + train.size()
                    + " training rows are too few for " + width + " coefficients");
        }
        double[][] design = new double[train.size() + ridgeRows][width];
        double[] target = new double[train.size() + ridgeRows];
        for (int i = 0; i < train.size(); i++) {
            int row = train.get(i);
            inputs.encode(row, design[i]);
            if (options.fitIntercept()) {
                design[i][inputs.width()] = 1;
            }
            target[i] = ((Number) labels[row]).doubleValue();
        }
        for (int j = 0; j < ridgeRows; j++) {
            design[train.size() + j][j] = Math.sqrt(options.l2());
        }
        double[] solution;
        try {
            solution = LeastSquares.solve(design, target);
        } catch (IllegalArgumentException e) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': the inputs are"
                    + " collinear (" + inputs.describeColumn(e.getMessage()) + "); remove redundant columns or"
                    + " set l2_reg > 0");
        }
        LinearModel model = inputs.toModel(solution, options.fitIntercept(), data.schema().column(labelIndex).name());
        List<Integer> evaluation = split.evaluation().isEmpty() ? train : split.evaluation();
        Map<String, Double> metrics = RegressionMetrics.compute(model, data, evaluation, labelIndex);
        return new Trained(model, metrics, train.size(), split.evaluation().size(), List.of(),
                data.schema().column(labelIndex).type().sqlName());
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
