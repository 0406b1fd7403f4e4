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

    /** The number of outputs explained: one per class of a multiclass model, else one. */
    int outputs() {
        return shap.groups();
    }

    /**
     * Adds the absolute SHAP value of each input column of each row to {@code totals}: to {@code totals[0]} the
     * value for the row's predicted output (a binary model's one log-odds, whose sign does not change it), and for a
     * multiclass model to {@code totals[g + 1]} the value for output {@code g}. Each row walks every tree once.
     *
     * @param packed {@code count} rows of {@code stride} values, the inputs from {@code offset} on as
     *     {@link TreeInputs} packs them
     */
    void addAbsolute(float[] packed, int count, int stride, int offset, double[][] totals) {
        int width = inputs.width();
        int groups = shap.groups();
        float[] rows = inputs.unpack(packed, count, stride, offset);
        double[][] phi = new double[groups][width];
        double[][] perColumn = new double[groups][columns.size()];
        for (int r = 0; r < count; r++) {
            int predicted = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < groups; g++) {
                Arrays.fill(phi[g], 0);
                Arrays.fill(perColumn[g], 0);
                shap.contributions(rows, r * width, g, phi[g]);
                double margin = shap.baseline(g);
                for (int f = 0; f < width; f++) {
                    perColumn[g][columnOfFeature[f]] += phi[g][f];
                    margin += phi[g][f];
                }
                if (margin > best) {
                    best = margin;
                    predicted = g;
                }
            }
            for (int c = 0; c < columns.size(); c++) {
                totals[0][c] += Math.abs(perColumn[predicted][c]);
                for (int g = 0; groups > 1 && g < groups; g++) {
                    totals[g + 1][c] += Math.abs(perColumn[g][c]);
                }
            }
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
