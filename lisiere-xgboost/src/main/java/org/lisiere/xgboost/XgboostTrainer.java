package org.lisiere.xgboost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.trees.TrainedTrees;
import org.lisiere.spi.trees.TreeDataset;
import org.lisiere.spi.trees.TreeTrainer;
import org.lisiere.spi.trees.TreeTrainingListener;
import org.lisiere.spi.trees.TreeTrainingRequest;

/**
 * Trains with XGBoost4J round by round ({@link Booster#update}), computing each round's losses itself
 * ({@link RoundLosses}) so that nothing is printed to the user's terminal and the listener can stop training between
 * rounds.
 */
public final class XgboostTrainer implements TreeTrainer {
    /** The version of {@code ml.dmlc:xgboost4j} this module is built against. */
    static final String VERSION = "3.4.0";

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public TrainedTrees train(TreeTrainingRequest request, TreeTrainingListener listener) {
        DMatrix training = null;
        DMatrix evaluation = null;
        Booster booster = null;
        try {
            training = matrix(request.training());
            evaluation = request.evaluation().isPresent() ? matrix(request.evaluation().get()) : null;
            listener.loaded();
            Map<String, Object> parameters = new LinkedHashMap<>(request.parameters());
            parameters.putIfAbsent("verbosity", "0");
            booster = XGBoost.train(training, parameters, 0, new HashMap<>(), null, null);
            RoundLosses losses = RoundLosses.of(request, training, Optional.ofNullable(evaluation));
            int rounds = 0;
            while (rounds < request.rounds()) {
                booster.update(training, rounds);
                rounds++;
                double[] loss = losses.after(booster, rounds - 1);
                boolean stop = listener.round(rounds, loss[0],
                        evaluation == null ? OptionalDouble.empty() : OptionalDouble.of(loss[1]));
                if (stop) {
                    break;
                }
            }
            return new TrainedTrees(new String(booster.toByteArray("json"), StandardCharsets.UTF_8), rounds,
                    losses.margins(booster));
        } catch (XGBoostError e) {
            throw new LisiereException(ErrorCode.INVALID_OPTION, "XGBoost rejected the training: "
                    + firstLine(e.getMessage()), e);
        } finally {
            dispose(booster, training, evaluation);
        }
    }

    @Override
    public String toJson(byte[] model) {
        Booster booster = null;
        try {
            booster = XGBoost.loadModel(model);
            return new String(booster.toByteArray("json"), StandardCharsets.UTF_8);
        } catch (XGBoostError | IOException e) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, "Not an XGBoost model (JSON or UBJ): "
                    + firstLine(e.getMessage()), e);
        } finally {
            dispose(booster);
        }
    }

    private static DMatrix matrix(TreeDataset data) throws XGBoostError {
        DMatrix matrix = new DMatrix(data.features(), data.rows(), data.columns(), Float.NaN);
        matrix.setLabel(data.labels());
        if (weighted(data.weights())) {
            matrix.setWeight(data.weights());
        }
        return matrix;
    }

    /** Whether any row weighs other than 1 (else XGBoost, and the losses, need no weights). */
    static boolean weighted(float[] weights) {
        for (float weight : weights) {
            if (weight != 1) {
                return true;
            }
        }
        return false;
    }

    /** XGBoost's messages start with the source location of the check that failed; the reason follows. */
    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.lines().filter(l -> !l.isBlank()).findFirst().orElse(message).strip();
        int reason = line.indexOf(": ", line.indexOf(']') + 1);
        return line.startsWith("[") && reason > 0 ? line.substring(reason + 2) : line;
    }

    private static void dispose(Object... resources) {
        for (Object resource : resources) {
            if (resource instanceof Booster booster) {
                booster.dispose();
            } else if (resource instanceof DMatrix matrix) {
                matrix.dispose();
            }
        }
    }
}
