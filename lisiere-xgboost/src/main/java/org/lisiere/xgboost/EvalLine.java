package org.lisiere.xgboost;

/** Reads XGBoost's evaluation line, {@code [3]\ttrain-logloss:0.41\teval-logloss:0.45}. */
final class EvalLine {
    private EvalLine() {}

    /** The first metric of each named data set, in the order of {@code names}. */
    static double[] values(String line, String[] names) {
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = Double.NaN;
            for (String field : line.split("\t")) {
                int colon = field.lastIndexOf(':');
                if (field.startsWith(names[i] + "-") && colon > 0) {
                    values[i] = Double.parseDouble(field.substring(colon + 1));
                    break;
                }
            }
        }
        return values;
    }
}
