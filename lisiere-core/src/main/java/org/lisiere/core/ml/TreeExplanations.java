package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * The SHAP values of a tree model per input column (the sum over its one-hot features), and the margin they add up
 * to, for batches of rows. ML.EXPLAIN_PREDICT calls one engine function per input column over the same batch; the
 * first call computes every column's value and the others read them from the {@link LastBatch}, so each row's TreeSHAP
 * runs once.
 *
 * <p>Arguments of every function: the output to explain as a signed 1-based group ({@code -1} is the negative class
 * of a binary model: its margin is minus the positive one), then the input columns as {@link TreeInputs} packs them.
 */
final class TreeExplanations {
    private final TreeShap shap;
    private final TreeInputs inputs;
    private final List<String> columns;
    private final int[] columnOfFeature;
    private final int arity;
    private final LastBatch last = new LastBatch();

    TreeExplanations(TreeModel model, TreeEnsemble ensemble) {
        requireNonNull(model, "model is null");
        shap = new TreeShap(requireNonNull(ensemble, "ensemble is null"));
        inputs = model.inputs();
        columns = inputs.columns();
        columnOfFeature = model.features().stream().mapToInt(f -> columns.indexOf(f.column())).toArray();
        arity = columns.size() + 1;
    }

    /** The SQL arguments of every function: the output to explain, then {@link TreeInputs#arguments}. */
    String arguments(String output, java.util.function.UnaryOperator<String> column) {
        return "(CAST(" + output + " AS FLOAT), " + inputs.arguments(column) + ")";
    }

    List<String> columns() {
        return columns;
    }

    int arity() {
        return arity;
    }

    /** The expected margin of the signed 1-based output {@code output}. */
    double baseline(int output) {
        return Math.signum(output) * shap.baseline(Math.abs(output) - 1);
    }

    /**
     * Writes value {@code index} of each row: the SHAP value of input column {@code index}, or at {@code index =
     * columns().size()} the margin.
     */
    void values(int index, float[] rows, int count, double[] results) {
        double[] values = last.values(rows, count, arity, this::compute);
        int stride = columns.size() + 1;
        for (int r = 0; r < count; r++) {
            results[r] = values[r * stride + index];
        }
    }

    private double[] compute(float[] packed, int count) {
        int stride = columns.size() + 1;
        int width = inputs.width();
        float[] rows = inputs.unpack(packed, count, arity, 1);
        double[] values = new double[count * stride];
        double[] phi = new double[width];
        for (int r = 0; r < count; r++) {
            int output = (int) packed[r * arity];
            int group = Math.abs(output) - 1;
            double sign = Math.signum(output);
            Arrays.fill(phi, 0);
            shap.contributions(rows, r * width, group, phi);
            for (int f = 0; f < width; f++) {
                values[r * stride + columnOfFeature[f]] += sign * phi[f];
            }
            values[r * stride + columns.size()] = sign * shap.margin(rows, r * width, group);
        }
        return values;
    }
}
