package org.lisiere.core.ml;

/** Predictions of a tree ensemble in Java, the same values as its SQL (see {@link TreeSql}). */
final class TreeScorer {
    private TreeScorer() {}

    /** The regression prediction, or the margins. */
    static double[] outputs(TreeEnsemble ensemble, float[] row) {
        float[] margins = ensemble.margins(row);
        double[] outputs = new double[margins.length];
        for (int g = 0; g < margins.length; g++) {
            outputs[g] = margins[g];
        }
        return outputs;
    }

    /** Class probabilities in class order: the logistic of a binary margin, a softmax of multiclass margins. */
    static double[] probabilities(TreeEnsemble ensemble, float[] row, int classes) {
        double[] margins = outputs(ensemble, row);
        if (classes == 2) {
            double p = 1 / (1 + Math.exp(-margins[0]));
            return new double[] {1 - p, p};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double m : margins) {
            max = Math.max(max, m);
        }
        double sum = 0;
        double[] p = new double[classes];
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(margins[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
