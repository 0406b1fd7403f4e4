package org.lisiere.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost4J trained directly on rows read through SQL (features first, NULL as NaN, the label last): the reference
 * that our tree models' predictions and explanations must equal.
 */
final class DirectXgboost implements AutoCloseable {
    private final Booster booster;
    private final DMatrix matrix;

    private DirectXgboost(Booster booster, DMatrix matrix) {
        this.booster = booster;
        this.matrix = matrix;
    }

    static DirectXgboost train(SqlRunner sql, String query, Map<String, Object> parameters, int rounds)
            throws XGBoostError {
        return train(sql, query, parameters, rounds, false);
    }

    /** With {@code named}, the model records the query's column names as its feature names. */
    static DirectXgboost train(SqlRunner sql, String query, Map<String, Object> parameters, int rounds,
            boolean named) throws XGBoostError {
        List<List<String>> rows = sql.rows(query);
        int width = rows.get(0).size() - 1;
        float[] features = new float[rows.size() * width];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < width; j++) {
                String value = rows.get(i).get(j);
                features[i * width + j] = value.equals("null") ? Float.NaN : Float.parseFloat(value);
            }
            labels[i] = Float.parseFloat(rows.get(i).get(width));
        }
        DMatrix matrix = new DMatrix(features, rows.size(), width, Float.NaN);
        matrix.setLabel(labels);
        if (named) {
            matrix.setFeatureNames(sql.columnNames(query).subList(0, width).toArray(String[]::new));
        }
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("verbosity", 0);
        all.put("nthread", Runtime.getRuntime().availableProcessors());
        return new DirectXgboost(XGBoost.train(matrix, all, rounds, new HashMap<>(), null, null), matrix);
    }

    float[][] predict() throws XGBoostError {
        return booster.predict(matrix);
    }

    /** Per row, the SHAP value of each feature, then the bias (XGBoost's {@code pred_contribs}). */
    float[][] contributions() throws XGBoostError {
        return booster.predictContrib(matrix, 0);
    }

    /** Saves the model: JSON for a {@code .json} file, Universal Binary JSON for {@code .ubj}. */
    void save(java.nio.file.Path file) throws XGBoostError {
        booster.saveModel(file.toString());
    }

    @Override
    public void close() {
        booster.dispose();
        matrix.dispose();
    }
}
