package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lisiere.core.sql.SqlLexer;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.Column;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.Schema;

/**
 * Rewrites the ML table functions ({@code ML.PREDICT(MODEL m, TABLE t | (query) [, STRUCT(...)])} and the others of
 * the reference) into plain SQL subqueries, wherever they stand in a statement: FROM, JOIN, CTE, subquery,
 * CREATE TABLE AS, INSERT ... SELECT, nested in one another. The model's parameters become literals, so the engine
 * scores at its own vectorized speed.
 */
public final class MlFunctions {
    private static final Set<String> NONE = Set.of();
    private static final Set<String> THRESHOLD = Set.of("threshold");
    private static final Set<String> STANDARDIZE = Set.of("standardize");
    /** BigQuery ML's default number of attributions per row in ML.EXPLAIN_PREDICT. */
    private static final int DEFAULT_TOP_K = 5;

    private final ModelRegistry registry;
    private final java.util.function.Function<String, Schema> describe;
    private final java.util.function.Consumer<FloatFunction> register;

    /**
     * @param describe the columns of a data argument ({@code t} or {@code (query)}), to name a missing input column
     *     before the engine meets it inside generated SQL
     * @param register makes a Java function callable from the generated SQL (tree models score through one)
     */
    public MlFunctions(ModelRegistry registry, java.util.function.Function<String, Schema> describe,
            java.util.function.Consumer<FloatFunction> register) {
        this.registry = requireNonNull(registry, "registry is null");
        this.describe = requireNonNull(describe, "describe is null");
        this.register = requireNonNull(register, "register is null");
    }

    /** Whether the text calls an ML function at all (a cheap check before rewriting). */
    public static boolean mentions(String sql) {
        return sql.toUpperCase(Locale.ROOT).contains("ML.");
    }

    /** The statement with every ML function call replaced by the SQL that computes it. */
    public String rewrite(String sql) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        for (int i = 0; i + 3 < tokens.size(); i++) {
            if (tokens.get(i).isWord("ML") && tokens.get(i + 1).isSymbol(".")
                    && tokens.get(i + 2).type() == TokenType.WORD && tokens.get(i + 3).isSymbol("(")) {
                int close = matchingParenthesis(tokens, i + 3);
                MlCall call = MlCall.parse(sql, tokens, i, close, this);
                return sql.substring(0, tokens.get(i).offset()) + compile(call)
                        + rewrite(sql.substring(tokens.get(close).end()));
            }
        }
        return sql;
    }

    private String compile(MlCall call) {
        ModelVersion model = registry.active(call.model());
        call.data().ifPresent(data -> requireInputs(model, data, call));
        if (model.kmeans().isPresent()) {
            return kmeans(call, model, model.kmeans().get());
        }
        if (model.onnx().isPresent()) {
            if (!call.function().equals("PREDICT")) {
                return common(call, model, "ML.PREDICT");
            }
            call.allowSettings(Set.of("keep_original_columns"));
            return OnnxSql.predict(model, model.onnx().get(), call.requiredData(),
                    call.bool("keep_original_columns", true), register);
        }
        return switch (call.function()) {
            case "PREDICT" -> {
                call.allowSettings(model.isClassifier() ? Set.of("threshold", "keep_original_columns")
                        : Set.of("keep_original_columns"));
                yield ClassifierSql.predict(model, call.requiredData(), threshold(call, model),
                        call.bool("keep_original_columns", true), register);
            }
            case "EVALUATE" -> {
                call.allowSettings(model.isClassifier() ? THRESHOLD : NONE);
                yield call.data().isEmpty() && !call.settings().containsKey("threshold")
                        ? LinearModelSql.storedMetrics(model.metrics(),
                                model.isClassifier() ? ClassificationMetrics.NAMES : RegressionMetrics.NAMES)
                        : model.isClassifier()
                                ? ClassifierSql.evaluate(model, call.requiredData(), threshold(call, model), register)
                                : LinearModelSql.evaluate(model, call.requiredData(), register);
            }
            case "CONFUSION_MATRIX" -> {
                requireClassifier(call, model);
                call.allowSettings(THRESHOLD);
                yield ClassifierSql.confusionMatrix(model, call.requiredData(), threshold(call, model), register);
            }
            case "ROC_CURVE" -> {
                requireClassifier(call, model);
                if (model.classes().size() != 2) {
                    throw unavailable(call, model, "binary classifiers");
                }
                call.allowSettings(NONE);
                yield ClassifierSql.rocCurve(model, call.requiredData(), call.thresholds(), register);
            }
            case "FEATURE_IMPORTANCE" -> {
                if (model.trees().isEmpty()) {
                    throw unavailable(call, model, "boosted tree and random forest models");
                }
                call.allowSettings(NONE);
                yield InfoSql.featureImportance(model);
            }
            case "EXPLAIN_PREDICT" -> {
                call.allowSettings(model.isClassifier() ? Set.of("top_k_features", "threshold")
                        : Set.of("top_k_features"));
                yield ExplainSql.explainPredict(model, call.requiredData(),
                        call.integer("top_k_features", DEFAULT_TOP_K, 1, 999_999_999), threshold(call, model),
                        register);
            }
            case "GLOBAL_EXPLAIN" -> {
                call.allowSettings(Set.of("class_level_explain"));
                yield InfoSql.globalExplain(model, call.bool("class_level_explain", false));
            }
            case "WEIGHTS" -> {
                requireLinear(call, model);
                call.allowSettings(STANDARDIZE);
                yield LinearModelSql.weights(model, call.bool("standardize", false));
            }
            case "ADVANCED_WEIGHTS" -> {
                requireLinear(call, model);
                call.allowSettings(STANDARDIZE);
                yield LinearModelSql.advancedWeights(model, call.bool("standardize", false));
            }
            default -> common(call, model, "ML.PREDICT, ML.EVALUATE, ML.EXPLAIN_PREDICT, ML.GLOBAL_EXPLAIN, "
                    + (model.trees().isPresent() ? "ML.FEATURE_IMPORTANCE" : "ML.WEIGHTS, ML.ADVANCED_WEIGHTS")
                    + (model.isClassifier() ? ", ML.CONFUSION_MATRIX" : "")
                    + (model.classes().size() == 2 ? ", ML.ROC_CURVE" : ""));
        };
    }

    private String kmeans(MlCall call, ModelVersion model, KMeansModel kmeans) {
        return switch (call.function()) {
            case "PREDICT" -> {
                call.allowSettings(Set.of("keep_original_columns"));
                yield KMeansSql.predict(kmeans, call.requiredData(), call.bool("keep_original_columns", true),
                        model.columns());
            }
            case "EVALUATE" -> {
                call.allowSettings(NONE);
                yield call.data().isEmpty()
                        ? LinearModelSql.storedMetrics(model.metrics(), List.copyOf(KMeansSql.METRICS))
                        : KMeansSql.evaluate(kmeans, call.data().get(), model.columns());
            }
            case "CENTROIDS" -> {
                call.allowSettings(STANDARDIZE);
                yield KMeansSql.centroids(kmeans, call.bool("standardize", false));
            }
            case "DETECT_ANOMALIES" -> {
                call.allowSettings(Set.of("contamination"));
                if (!call.settings().containsKey("contamination")) {
                    throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML.DETECT_ANOMALIES of kmeans model '"
                            + model.name() + "' needs STRUCT(c AS contamination), the share of anomalies in the"
                            + " training data, from 0 to 0.5", call.position());
                }
                yield KMeansSql.detectAnomalies(kmeans, call.requiredData(), call.number("contamination", 0, 0, 0.5),
                        model.columns());
            }
            default -> common(call, model, "ML.PREDICT, ML.EVALUATE, ML.CENTROIDS, ML.DETECT_ANOMALIES");
        };
    }

    /** The functions every model has; else a failure listing what this model offers. */
    private static String common(MlCall call, ModelVersion model, String available) {
        return switch (call.function()) {
            case "TRAINING_INFO" -> {
                call.allowSettings(NONE);
                yield InfoSql.trainingInfo(model);
            }
            case "FEATURE_INFO" -> {
                call.allowSettings(NONE);
                yield InfoSql.featureInfo(model);
            }
            case "TRIAL_INFO" -> {
                call.allowSettings(NONE);
                yield InfoSql.trialInfo(model);
            }
            default -> throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "ML." + call.function()
                    + " is not available for model '" + model.name() + "' (model_type " + model.modelType()
                    + "); available: " + available + ", ML.TRAINING_INFO, ML.FEATURE_INFO, ML.TRIAL_INFO",
                    call.position());
        };
    }

    /** Fails naming the first model input (raw column, when there is no TRANSFORM) that the data lacks. */
    private void requireInputs(ModelVersion model, String data, MlCall call) {
        if (!model.transform().isEmpty()) {
            return; // the TRANSFORM's expressions name the raw columns; the engine reports a missing one
        }
        Schema schema = describe.apply(data);
        java.util.Set<String> present = new java.util.HashSet<>();
        schema.columns().forEach(c -> present.add(c.name().toLowerCase(Locale.ROOT)));
        java.util.Map<String, String> required = new java.util.LinkedHashMap<>();
        List<LinearModel> linear = model.linear().map(List::of).orElse(model.classModels());
        for (LinearModel m : linear) {
            m.numeric().stream().filter(n -> n.weight() != 0).forEach(n -> required.put(n.name(), "numeric"));
            m.categorical().forEach(c -> required.put(c.name(), "categorical"));
        }
        model.trees().ifPresent(t -> t.features().forEach(f -> required.putIfAbsent(f.column(),
                f.isNumeric() ? "numeric" : "categorical")));
        model.onnx().ifPresent(o -> o.inputs().forEach(i -> required.put(i.name(), i.width() == 1 ? i.type()
                : "a list of " + i.width() + " numbers")));
        model.kmeans().ifPresent(k -> {
            k.numeric().forEach(n -> required.put(n.name(), "numeric"));
            k.categorical().forEach(c -> required.put(c.name(), "categorical"));
        });
        if (model.kmeans().isEmpty() && model.onnx().isEmpty() && java.util.Set.of("EVALUATE", "CONFUSION_MATRIX", "ROC_CURVE")
                .contains(call.function())) {
            required.put(model.label(), "the label");
        }
        required.forEach((name, kind) -> {
            if (!present.contains(name.toLowerCase(Locale.ROOT))) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + model.name() + "' expects column '"
                        + name + "' (" + kind + ") but the input of ML." + call.function() + " has no such column;"
                        + " it has: " + schema.columns().stream().map(Column::name)
                        .collect(java.util.stream.Collectors.joining(", ")), call.position());
            }
        });
    }

    private static double threshold(MlCall call, ModelVersion model) {
        if (call.settings().containsKey("threshold") && model.classes().size() != 2) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML." + call.function() + ": the threshold"
                    + " setting applies to binary classifiers; model '" + model.name() + "' has "
                    + model.classes().size() + " classes", call.settings().get("threshold").position());
        }
        return call.number("threshold", 0.5, 0, 1);
    }

    private static void requireLinear(MlCall call, ModelVersion model) {
        if (model.trees().isPresent()) {
            throw unavailable(call, model, "linear_reg and logistic_reg models");
        }
    }

    private static void requireClassifier(MlCall call, ModelVersion model) {
        if (!model.isClassifier()) {
            throw unavailable(call, model, "classifiers");
        }
    }

    private static LisiereException unavailable(MlCall call, ModelVersion model, String kind) {
        return new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "ML." + call.function() + " is for " + kind
                + "; model '" + model.name() + "' is " + model.modelType()
                + (model.isClassifier() ? " with " + model.classes().size() + " classes" : ""), call.position());
    }

    static int matchingParenthesis(List<Token> tokens, int open) {
        return matching(tokens, open, "(", ")");
    }

    /** The index of the {@code right} symbol that closes the {@code left} one at {@code open}. */
    static int matching(List<Token> tokens, int open, String left, String right) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(left)) {
                depth++;
            } else if (tokens.get(i).isSymbol(right) && --depth == 0) {
                return i;
            }
        }
        throw new LisiereException(ErrorCode.SYNTAX_ERROR, left.equals("(") ? "Unclosed parenthesis"
                : "Unclosed " + left, tokens.get(open).position());
    }
}
