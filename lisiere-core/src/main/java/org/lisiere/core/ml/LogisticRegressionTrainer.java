package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.lisiere.core.ml.ModelVersion.TrainingIteration;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Trains {@code logistic_reg}, minimizing the weighted negative log-likelihood plus {@code l2_reg / 2 × ||w||²}
 * (and {@code l1_reg × ||w||₁}) over the standardized weights. Binary models without L1 take Newton steps
 * (iteratively reweighted least squares, each solved by Householder QR); L1 and multiclass (softmax over up to 50
 * labels) use L-BFGS / OWL-QN. The positive class of a binary model is the greater label. Class weights:
 * {@code auto_class_weights} gives each class {@code rows / (classes × rows of the class)}; {@code class_weights}
 * names one weight per label.
 */
final class LogisticRegressionTrainer {
    static final int MAX_CLASSES = 50;

    private LogisticRegressionTrainer() {}

    static Trained train(String modelName, TrainingData data, LinearOptions options, TrainingMonitor monitor) {
        long started = System.nanoTime();
        Supervised prepared = Supervised.prepare(modelName, data, options, false);
        java.util.concurrent.CompletableFuture<List<ModelVersion.FeatureInfo>> statistics =
                monitor.meanwhile(prepared::featureInfo);
        List<String> classes = classes(modelName, prepared);
        int k = classes.size();
        if (k > 2 && options.calculatePValues()) {
            throw new LisiereException(ErrorCode.INVALID_OPTION, "Model '" + modelName + "': calculate_p_values is"
                    + " available for binary logistic_reg only; the label has " + k + " classes");
        }
        int[] y = classIndices(prepared, prepared.train(), classes);
        int[] evalY = classIndices(prepared, prepared.split().evaluation(), classes);
        double[] weights = sampleWeights(modelName, y, classes, options.autoClassWeights(), options.classWeights());
        Inputs inputs = prepared.inputs();
        double[][] design = inputs.columnMajor(prepared.train(), options.fitIntercept());
        double[][] evalDesign = inputs.columnMajor(prepared.split().evaluation(), options.fitIntercept());
        List<TrainingIteration> info = new ArrayList<>();
        // With an evaluation split, early stopping watches its loss (as BigQuery ML); else the training loss.
        boolean stopOnEvaluation = options.earlyStop() && evalY.length > 0;
        Irls.Listener listener = progress(info, started, evalDesign, evalY, k, stopOnEvaluation, options, monitor);
        // L-BFGS reports its objective only: the training loss is computed for the listener
        Lbfgs.Listener lbfgsListener = (iteration, beta, value) -> listener.iteration(iteration, beta, value,
                LogisticObjectives.meanLogLoss(design, beta, y, k));
        Optional<LinearModel> binary = Optional.empty();
        List<LinearModel> perClass = new ArrayList<>();
        double[] solution;
        Map<String, Double> metrics;
        boolean evaluated = evalY.length > 0;
        if (k == 2) {
            Irls.Solution fit = options.l1() > 0 ? withScores(design, owlqn(design, y, 2, weights, options,
                    inputs.width(), !stopOnEvaluation, lbfgsListener))
                    : Irls.solve(design, y, weights, Irls.Settings.of(options, inputs,
                            options.earlyStop() && !stopOnEvaluation), listener);
            solution = fit.weights();
            Optional<Inputs.Inference> inference = options.calculatePValues()
                    ? Optional.of(new Inputs.Inference(Irls.covariance(design, solution, weights, options,
                            inputs), Distributions::normalTwoSided))
                    : Optional.empty();
            binary = Optional.of(inputs.toModel(solution, options.fitIntercept(), prepared.labelName(), inference));
            // on the evaluation rows, else on the training rows, whose scores the solver leaves behind
            metrics = evaluated ? ClassificationMetrics.ofLogOdds(LogisticObjectives.scores(evalDesign, solution, 0),
                    evalY) : ClassificationMetrics.ofLogOdds(fit.scores(), y);
        } else {
            solution = owlqn(design, y, k, weights, options, inputs.width(), !stopOnEvaluation, lbfgsListener);
            for (int c = 0; c < k; c++) {
                perClass.add(inputs.toModel(Arrays.copyOfRange(solution, c * design.length,
                        (c + 1) * design.length), options.fitIntercept(), prepared.labelName()));
            }
            metrics = ClassificationMetrics.of(LogisticObjectives.classProbabilities(evaluated ? evalDesign : design,
                    solution, k), evaluated ? evalY : y);
        }
        return new Trained(binary, perClass, Optional.empty(), Optional.empty(), metrics, y.length, evalY.length,
                classes, prepared.labelType(), info, statistics.join());
    }

    /**
     * Records each iteration in {@code info} and reports it to the monitor; asks to stop when {@code stopOnEvaluation}
     * and the evaluation loss improved by less than {@code min_rel_progress}.
     */
    private static Irls.Listener progress(List<TrainingIteration> info, long started, double[][] evalDesign,
            int[] evalY, int k, boolean stopOnEvaluation, LinearOptions options, TrainingMonitor monitor) {
        long[] last = {started};
        double[] previousEvalLoss = {Math.log(k)}; // every class equally likely: the loss of the starting point
        return (iteration, beta, value, trainingLoss) -> {
            long now = System.nanoTime();
            OptionalDouble evalLoss = evalY.length == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of(LogisticObjectives.meanLogLoss(evalDesign, beta, evalY, k));
            info.add(new TrainingIteration(info.size(), trainingLoss, evalLoss, 0, (now - last[0]) / 1_000_000));
            last[0] = now;
            monitor.iteration(iteration, options.maxIterations(), trainingLoss);
            if (!stopOnEvaluation) {
                return false;
            }
            double progress = (previousEvalLoss[0] - evalLoss.getAsDouble()) / previousEvalLoss[0];
            previousEvalLoss[0] = evalLoss.getAsDouble();
            return progress < options.minRelProgress();
        };
    }

    private static Irls.Solution withScores(double[][] design, double[] weights) {
        return new Irls.Solution(weights, LogisticObjectives.scores(design, weights, 0));
    }

    private static double[] owlqn(double[][] design, int[] y, int classes, double[] weights, LinearOptions options,
            int penalized, boolean stopOnTrainingLoss, Lbfgs.Listener listener) {
        int width = design.length;
        int blocks = classes == 2 ? 1 : classes;
        double[] l1 = new double[blocks * width];
        for (int c = 0; c < blocks; c++) {
            Arrays.fill(l1, c * width, c * width + penalized, options.l1());
        }
        Lbfgs.Objective objective = classes == 2
                ? LogisticObjectives.binary(design, y, weights, options.l2(), penalized)
                : LogisticObjectives.softmax(design, y, classes, weights, options.l2(), penalized);
        return Lbfgs.minimize(objective, new double[blocks * width], l1, new Lbfgs.Stopping(options.maxIterations(),
                options.earlyStop() && stopOnTrainingLoss, options.minRelProgress()), listener).x();
    }

    /** The distinct labels of the training and evaluation rows in ascending order, as text. */
    static List<String> classes(String modelName, Supervised prepared) {
        TrainingData.Column labels = prepared.labels();
        // hashed first: a million ordered insertions of a handful of labels cost ten times more
        java.util.Set<Object> hashed = new java.util.HashSet<>();
        for (Rows rows : List.of(prepared.train(), prepared.split().evaluation())) {
            for (int i = 0; i < rows.size(); i++) {
                hashed.add(labels.value(rows.get(i)));
            }
        }
        TreeSet<Object> distinct = new TreeSet<>(hashed);
        if (distinct.size() < 2) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': label column '"
                    + prepared.labelName() + "' has " + distinct.size() + " distinct value(s) in the training data;"
                    + " a classifier needs at least two");
        }
        if (distinct.size() > MAX_CLASSES) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': label column '"
                    + prepared.labelName() + "' has " + distinct.size() + " distinct values; a classifier takes at"
                    + " most " + MAX_CLASSES + " classes");
        }
        return distinct.stream().map(String::valueOf).toList();
    }

    static int[] classIndices(Supervised prepared, Rows rows, List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        Map<Object, Integer> indexOfValue = new HashMap<>(); // the label's text made once per distinct value
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            Object value = prepared.labels().value(rows.get(i));
            Integer c = indexOfValue.get(value);
            if (c == null) {
                c = index.get(String.valueOf(value));
                indexOfValue.put(value, c);
            }
            y[i] = c;
        }
        return y;
    }

    static double[] sampleWeights(String modelName, int[] y, List<String> classes, boolean autoClassWeights,
            Map<String, Double> classWeights) {
        double[] perClass = new double[classes.size()];
        Arrays.fill(perClass, 1);
        if (autoClassWeights) {
            long[] counts = new long[classes.size()];
            for (int label : y) {
                counts[label]++;
            }
            for (int c = 0; c < classes.size(); c++) {
                perClass[c] = counts[c] == 0 ? 0 : (double) y.length / (classes.size() * counts[c]);
            }
        } else if (!classWeights.isEmpty()) {
            for (int c = 0; c < classes.size(); c++) {
                Double weight = classWeights.get(classes.get(c));
                if (weight == null) {
                    throw new LisiereException(ErrorCode.INVALID_OPTION, "Model '" + modelName + "': class_weights"
                            + " has no weight for label '" + classes.get(c) + "'; every label needs one (labels: "
                            + String.join(", ", classes) + ")");
                }
                perClass[c] = weight;
            }
            for (String label : classWeights.keySet()) {
                if (!classes.contains(label)) {
                    throw new LisiereException(ErrorCode.INVALID_OPTION, "Model '" + modelName + "': class_weights"
                            + " names label '" + label + "', which the training data does not have (labels: "
                            + String.join(", ", classes) + ")");
                }
            }
        }
        double[] weights = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            weights[i] = perClass[y[i]];
        }
        return weights;
    }
}
