package org.lisiere.xgboost;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.lisiere.spi.trees.TreeTrainingRequest;

/**
 * The training and evaluation losses after each round, from XGBoost's margins ({@link MarginLoss}) where it can, else
 * from XGBoost's own evaluation; and the margins of the dataset the trained model's metrics are computed on.
 */
final class RoundLosses {
    private final DMatrix training;
    private final Optional<DMatrix> evaluation;
    /** The datasets and names XGBoost's own evaluation reports on. */
    private final DMatrix[] watched;
    private final String[] names;
    private final Optional<MarginLoss> trainingLoss;
    private final Optional<MarginLoss> evaluationLoss;
    private float[] lastMargins = new float[0];

    private RoundLosses(DMatrix training, Optional<DMatrix> evaluation, Optional<MarginLoss> trainingLoss,
            Optional<MarginLoss> evaluationLoss) {
        this.training = requireNonNull(training, "training is null");
        this.evaluation = requireNonNull(evaluation, "evaluation is null");
        this.trainingLoss = requireNonNull(trainingLoss, "trainingLoss is null");
        this.evaluationLoss = requireNonNull(evaluationLoss, "evaluationLoss is null");
        this.watched = evaluation.isEmpty() ? new DMatrix[] {training} : new DMatrix[] {training, evaluation.get()};
        this.names = evaluation.isEmpty() ? new String[] {"train"} : new String[] {"train", "eval"};
    }

    /** From the margins when XGBoost4J exposes them flat and every dataset's metric is one MarginLoss computes. */
    static RoundLosses of(TreeTrainingRequest request, DMatrix training, Optional<DMatrix> evaluation) {
        Optional<MarginLoss> trainingLoss = MarginLoss.forMetric(request.parameters(), request.training());
        Optional<MarginLoss> evaluationLoss = request.evaluation()
                .flatMap(data -> MarginLoss.forMetric(request.parameters(), data));
        boolean fromMargins = FlatPrediction.available() && trainingLoss.isPresent()
                && evaluationLoss.isPresent() == evaluation.isPresent();
        return fromMargins ? new RoundLosses(training, evaluation, trainingLoss, evaluationLoss)
                : new RoundLosses(training, evaluation, Optional.empty(), Optional.empty());
    }

    /** The training loss and, with an evaluation dataset, its loss: {@code NaN} where XGBoost reported none. */
    double[] after(Booster booster, int iteration) throws XGBoostError {
        if (trainingLoss.isEmpty()) {
            return EvalLine.values(booster.evalSet(watched, names, iteration), names);
        }
        float[] trainingMargins = FlatPrediction.margins(booster, training).orElseThrow();
        double trainLoss = trainingLoss.get().of(trainingMargins);
        lastMargins = trainingMargins;
        if (evaluation.isEmpty()) {
            return new double[] {trainLoss};
        }
        lastMargins = FlatPrediction.margins(booster, evaluation.get()).orElseThrow();
        return new double[] {trainLoss, evaluationLoss.orElseThrow().of(lastMargins)};
    }

    /**
     * The margins of the evaluation dataset, or of the training dataset without one: those of the last round's losses
     * when they were computed from margins, else from XGBoost's prediction cache, which it updates tree by tree as it
     * trains and evaluates, without walking the trees again.
     */
    float[] margins(Booster booster) throws XGBoostError {
        if (trainingLoss.isPresent()) {
            return lastMargins;
        }
        DMatrix data = evaluation.orElse(training);
        Optional<float[]> flat = FlatPrediction.margins(booster, data);
        if (flat.isPresent()) {
            return flat.get();
        }
        float[][] predictions = booster.predict(data, true);
        int groups = predictions.length == 0 ? 0 : predictions[0].length;
        float[] margins = new float[predictions.length * groups];
        for (int r = 0; r < predictions.length; r++) {
            System.arraycopy(predictions[r], 0, margins, r * groups, groups);
        }
        return margins;
    }
}
