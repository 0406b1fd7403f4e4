package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import org.lisiere.core.sql.SqlLexer;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

/**
 * Rewrites the ML table functions ({@code ML.PREDICT(MODEL m, TABLE t | (query))}, {@code ML.EVALUATE},
 * {@code ML.WEIGHTS}) into plain SQL subqueries, wherever they stand in a statement: FROM, JOIN, CTE, subquery,
 * CREATE TABLE AS, INSERT ... SELECT, nested in one another.
 */
public final class MlFunctions {
    private final ModelRegistry registry;

    public MlFunctions(ModelRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
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
                String replacement = call(sql, tokens, i, close);
                return sql.substring(0, tokens.get(i).offset()) + replacement
                        + rewrite(sql.substring(tokens.get(close).end()));
            }
        }
        return sql;
    }

    private String call(String sql, List<Token> tokens, int start, int close) {
        String function = tokens.get(start + 2).text().toUpperCase(Locale.ROOT);
        SourcePosition position = tokens.get(start).position();
        int i = start + 4;
        if (!tokens.get(i).isWord("MODEL")) {
            throw new LisiereException(ErrorCode.SYNTAX_ERROR, "ML." + function + " expects MODEL name as its first"
                    + " argument", tokens.get(i).position());
        }
        StringBuilder name = new StringBuilder(tokens.get(++i).unquoted());
        while (tokens.get(i + 1).isSymbol(".")) {
            i += 2;
            name.append('.').append(tokens.get(i).unquoted());
        }
        i++;
        String data = null;
        if (tokens.get(i).isSymbol(",")) {
            Token next = tokens.get(++i);
            if (next.isWord("TABLE")) {
                int end = i + 1;
                while (tokens.get(end + 1).isSymbol(".")) {
                    end += 2;
                }
                data = sql.substring(tokens.get(i + 1).offset(), tokens.get(end).end());
                i = end + 1;
            } else if (next.isSymbol("(")) {
                int end = matchingParenthesis(tokens, i);
                data = "(" + rewrite(sql.substring(next.end(), tokens.get(end).offset())) + ")";
                i = end + 1;
            }
        }
        if (i != close) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "ML." + function + ": the argument '"
                    + tokens.get(i).text() + "' is not supported yet; this version takes MODEL name and the data"
                    + " (TABLE t or (query)), without a settings argument", tokens.get(i).position());
        }
        ModelVersion model = registry.active(name.toString());
        boolean classifier = !model.classes().isEmpty();
        return switch (function) {
            case "PREDICT" -> classifier
                    ? LinearModelSql.predictClassifier(model, required(data, function, position))
                    : LinearModelSql.predict(model.linear(), required(data, function, position));
            case "EVALUATE" -> data == null
                    ? LinearModelSql.storedMetrics(model.metrics(),
                            classifier ? ClassificationMetrics.NAMES : RegressionMetrics.NAMES)
                    : classifier ? LinearModelSql.evaluateClassifier(model, data)
                            : LinearModelSql.evaluate(model.linear(), data);
            case "WEIGHTS" -> LinearModelSql.weights(model.linear());
            default -> throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "ML." + function
                    + " is not available for model '" + model.name() + "' (model_type " + model.modelType()
                    + "); available: ML.PREDICT, ML.EVALUATE, ML.WEIGHTS", position);
        };
    }

    private static String required(String data, String function, SourcePosition position) {
        if (data == null) {
            throw new LisiereException(ErrorCode.SYNTAX_ERROR, "ML." + function + " needs the data to score as its"
                    + " second argument: TABLE t or (query)", position);
        }
        return data;
    }

    private static int matchingParenthesis(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
                return i;
            }
        }
        throw new LisiereException(ErrorCode.SYNTAX_ERROR, "Unclosed parenthesis", tokens.get(open).position());
    }
}
