package org.lisiere.core.ml;

import static org.lisiere.core.ml.LinearModelSql.literal;
import static org.lisiere.core.ml.LinearModelSql.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lisiere.core.sql.SqlLexer;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.Batch;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.TableName;

/**
 * Compiles a {@code TRANSFORM (...)} list into {@link TransformColumn}s: each item is {@code expression AS name} (or
 * a bare column); the ML preprocessing functions in it become plain SQL, the analytic ones ({@code ... OVER ()})
 * with the statistics they need computed once over the training query. The compiled columns are stored with the
 * model, and every ML function applies them to its data, so training and scoring (core or edge) see the same
 * features.
 */
final class TransformCompiler {
    private final String modelName;
    private final EngineSession engine;
    private final String query;

    private TransformCompiler(String modelName, EngineSession engine, String query) {
        this.modelName = modelName;
        this.engine = engine;
        this.query = query;
    }

    /**
     * @param transform the text between TRANSFORM's parentheses
     * @param query the training query (ML calls already rewritten)
     */
    static List<TransformColumn> compile(String modelName, String transform, String query, EngineSession engine) {
        TransformCompiler compiler = new TransformCompiler(modelName, engine, query);
        List<TransformColumn> columns = new ArrayList<>();
        for (String item : items(transform)) {
            columns.addAll(compiler.item(item.strip()));
        }
        if (columns.isEmpty()) {
            throw compiler.error("TRANSFORM lists no column");
        }
        return columns;
    }

    /** The training query with the TRANSFORM applied. */
    static String apply(List<TransformColumn> columns, String query) {
        return "SELECT " + columns.stream().map(c -> c.sql() + " AS " + TableName.quote(c.name()))
                .collect(Collectors.joining(", ")) + " FROM (" + query + ") AS " + LinearModelSql.INPUT_ALIAS;
    }

    private List<TransformColumn> item(String item) {
        List<Token> tokens = SqlLexer.tokenize(item);
        if (tokens.isEmpty()) {
            throw error("TRANSFORM has an empty item");
        }
        if (tokens.get(0).isSymbol("*")) {
            throw error("TRANSFORM: '*' is not supported; list the columns the model uses, the label too");
        }
        String expression = item;
        String name;
        Token last = tokens.get(tokens.size() - 1);
        boolean aliased = tokens.size() >= 3 && tokens.get(tokens.size() - 2).isWord("AS")
                && (last.type() == TokenType.WORD || last.type() == TokenType.QUOTED_IDENTIFIER);
        if (aliased) {
            name = last.unquoted();
            expression = item.substring(0, tokens.get(tokens.size() - 2).offset()).strip();
        } else if (tokens.size() == 1
                && (last.type() == TokenType.WORD || last.type() == TokenType.QUOTED_IDENTIFIER)) {
            name = last.unquoted();
        } else {
            throw error("TRANSFORM item '" + item + "' needs a name: write it as expression AS name");
        }
        if (expression.toUpperCase(Locale.ROOT).contains("ML.POLYNOMIAL_EXPAND")) {
            return polynomialExpand(expression, name);
        }
        return List.of(new TransformColumn(name, compileExpression(expression)));
    }

    /** The expression with every ML preprocessing call replaced by plain SQL. */
    private String compileExpression(String expression) {
        List<Token> tokens = SqlLexer.tokenize(expression);
        for (int i = 0; i + 3 < tokens.size(); i++) {
            if (tokens.get(i).isWord("ML") && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 3).isSymbol("(")) {
                String function = tokens.get(i + 2).text().toUpperCase(Locale.ROOT);
                int close = MlFunctions.matchingParenthesis(tokens, i + 3);
                List<String> arguments = arguments(expression, tokens, i + 3, close);
                int end = close;
                boolean analytic = end + 3 < tokens.size() && tokens.get(end + 1).isWord("OVER")
                        && tokens.get(end + 2).isSymbol("(") && tokens.get(end + 3).isSymbol(")");
                if (analytic) {
                    end += 3;
                }
                String compiled = "(" + Preprocessing.compile(this, function, arguments, analytic) + ")";
                return expression.substring(0, tokens.get(i).offset()) + compiled
                        + compileExpression(expression.substring(tokens.get(end).end()));
            }
        }
        return expression;
    }

    private List<TransformColumn> polynomialExpand(String expression, String name) {
        List<Token> tokens = SqlLexer.tokenize(expression);
        if (!tokens.get(0).isWord("ML") || !tokens.get(2).isWord("POLYNOMIAL_EXPAND")) {
            throw error("ML.POLYNOMIAL_EXPAND must be the whole TRANSFORM item: ML.POLYNOMIAL_EXPAND(STRUCT(a, b)"
                    + " [, degree]) AS name");
        }
        int close = MlFunctions.matchingParenthesis(tokens, 3);
        List<String> arguments = arguments(expression, tokens, 3, close);
        List<String> inputs = structFields(arguments.get(0), "ML.POLYNOMIAL_EXPAND");
        int degree = arguments.size() > 1 ? integer(arguments.get(1), "ML.POLYNOMIAL_EXPAND degree", 1, 4) : 2;
        List<TransformColumn> columns = new ArrayList<>();
        expand(inputs, degree, 0, new ArrayList<>(), name, columns);
        return columns;
    }

    /** Every product of 1 to {@code degree} inputs (with repetition, in order), named name_a_b. */
    private static void expand(List<String> inputs, int degree, int from, List<String> chosen, String name,
            List<TransformColumn> columns) {
        if (!chosen.isEmpty()) {
            String columnName = name + "_" + chosen.stream().map(c -> SqlLexer.tokenize(c).get(0).unquoted())
                    .collect(Collectors.joining("_"));
            columns.add(new TransformColumn(columnName, chosen.stream().map(c -> "CAST(" + c + " AS DOUBLE)")
                    .collect(Collectors.joining(" * "))));
        }
        if (chosen.size() == degree) {
            return;
        }
        for (int i = from; i < inputs.size(); i++) {
            chosen.add(inputs.get(i));
            expand(inputs, degree, i, chosen, name, columns);
            chosen.remove(chosen.size() - 1);
        }
    }

    /** The fields of {@code STRUCT(a, b, ...)} as SQL expressions. */
    List<String> structFields(String argument, String function) {
        List<Token> tokens = SqlLexer.tokenize(argument);
        if (tokens.size() < 3 || !tokens.get(0).isWord("STRUCT") || !tokens.get(1).isSymbol("(")) {
            throw error(function + " takes STRUCT(column, column, ...) as its first argument; found " + argument);
        }
        int close = MlFunctions.matchingParenthesis(tokens, 1);
        return arguments(argument, tokens, 1, close);
    }

    /** One row of statistics over the training query: {@code SELECT <aggregates> FROM (query)}. */
    List<Object> statistics(String aggregates) {
        return firstRow("SELECT " + aggregates + " FROM " + INPUT);
    }

    /** Where a statistics query reads the training data. */
    static final String INPUT = "{input}";

    /** The first row of {@code sql}, in which {@link #INPUT} stands for the training query. */
    List<Object> firstRow(String sql) {
        try (QueryResult result = engine.execute(sql.replace(INPUT, "(" + query + ") AS "
                + LinearModelSql.INPUT_ALIAS))) {
            Optional<Batch> batch = result.nextBatch();
            List<Object> values = new ArrayList<>();
            for (int c = 0; c < result.schema().size(); c++) {
                values.add(batch.map(b -> b.column(values.size()).get(0)).orElse(null));
            }
            return values;
        }
    }

    int integer(String text, String what, int min, int max) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(what + " is " + text.strip() + "; expected an integer from " + min + " to " + max);
    }

    LisiereException error(String message) {
        return new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + modelName + "': " + message);
    }

    static String number(Object value) {
        return value == null ? "CAST(NULL AS DOUBLE)" : literal(((Number) value).doubleValue());
    }

    static String text(Object value) {
        return value == null ? "NULL" : string(String.valueOf(value));
    }

    /** The top-level comma-separated arguments between tokens {@code open} and {@code close}, as text. */
    static List<String> arguments(String text, List<Token> tokens, int open, int close) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = tokens.get(open).end();
        for (int i = open + 1; i < close; i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(") || token.isSymbol("[") || token.isSymbol("{")) {
                depth++;
            } else if (token.isSymbol(")") || token.isSymbol("]") || token.isSymbol("}")) {
                depth--;
            } else if (token.isSymbol(",") && depth == 0) {
                arguments.add(text.substring(start, token.offset()).strip());
                start = token.end();
            }
        }
        String last = text.substring(start, tokens.get(close).offset()).strip();
        if (!last.isEmpty() || !arguments.isEmpty()) {
            arguments.add(last);
        }
        return arguments;
    }

    /** The TRANSFORM list split at its top-level commas. */
    private static List<String> items(String transform) {
        List<Token> tokens = SqlLexer.tokenize("(" + transform + ")");
        return arguments("(" + transform + ")", tokens, 0, tokens.size() - 1);
    }
}
