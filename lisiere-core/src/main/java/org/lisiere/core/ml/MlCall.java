package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

/**
 * The arguments of one ML table function call: {@code MODEL name}, then in any order the data ({@code TABLE t} or
 * {@code (query)}), a settings argument ({@code STRUCT(0.5 AS threshold)} or {@code {'threshold': 0.5}}) and, for
 * ML.ROC_CURVE, thresholds ({@code GENERATE_ARRAY(start, end, step)} or {@code [0.1, 0.5]}).
 *
 * @param data the data as SQL (a table name or a parenthesized query with ML calls already rewritten)
 * @param settings by lower-case name: the literal token
 */
record MlCall(String function, String model, Optional<String> data, Map<String, Token> settings,
        Optional<List<Double>> thresholds, SourcePosition position) {
    MlCall {
        requireNonNull(function, "function is null");
        requireNonNull(model, "model is null");
        requireNonNull(data, "data is null");
        settings = Map.copyOf(settings);
        requireNonNull(thresholds, "thresholds is null");
        requireNonNull(position, "position is null");
    }

    /** Parses tokens {@code start} (the {@code ML} word) to {@code close} (the closing parenthesis). */
    static MlCall parse(String sql, List<Token> tokens, int start, int close, MlFunctions rewriter) {
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
        Map<String, Token> settings = new LinkedHashMap<>();
        List<Double> thresholds = null;
        while (i < close) {
            if (!tokens.get(i).isSymbol(",")) {
                throw unexpected(function, tokens.get(i));
            }
            Token next = tokens.get(++i);
            int end;
            if (next.isWord("TABLE")) {
                end = i + 1;
                while (tokens.get(end + 1).isSymbol(".")) {
                    end += 2;
                }
                data = sql.substring(tokens.get(i + 1).offset(), tokens.get(end).end());
            } else if (next.isSymbol("(")) {
                end = MlFunctions.matchingParenthesis(tokens, i);
                data = "(" + rewriter.rewrite(sql.substring(next.end(), tokens.get(end).offset())) + ")";
            } else if (next.isWord("STRUCT") && tokens.get(i + 1).isSymbol("(")) {
                end = MlFunctions.matchingParenthesis(tokens, i + 1);
                struct(function, tokens, i + 2, end, settings);
            } else if (next.isSymbol("{")) {
                end = MlFunctions.matching(tokens, i, "{", "}");
                map(function, tokens, i + 1, end, settings);
            } else if (next.isWord("GENERATE_ARRAY") && tokens.get(i + 1).isSymbol("(")) {
                end = MlFunctions.matchingParenthesis(tokens, i + 1);
                thresholds = generateArray(function, tokens, i + 2, end);
            } else if (next.isSymbol("[")) {
                end = MlFunctions.matching(tokens, i, "[", "]");
                thresholds = numbers(function, tokens, i + 1, end);
            } else {
                throw unexpected(function, next);
            }
            i = end + 1;
        }
        return new MlCall(function, name.toString(), Optional.ofNullable(data), settings,
                Optional.ofNullable(thresholds), position);
    }

    /** The data argument, which this function requires. */
    String requiredData() {
        return data.orElseThrow(() -> new LisiereException(ErrorCode.SYNTAX_ERROR, "ML." + function + " needs the"
                + " data as an argument: TABLE t or (query)", position));
    }

    /** Fails when a setting is not one of {@code allowed}. */
    void allowSettings(Set<String> allowed) {
        for (Map.Entry<String, Token> setting : settings.entrySet()) {
            if (!allowed.contains(setting.getKey())) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML." + function + ": unknown setting '"
                        + setting.getKey() + "'" + (allowed.isEmpty() ? "; it takes no settings"
                        : "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed))),
                        setting.getValue().position());
            }
        }
    }

    /** A numeric setting within [min, max]. */
    double number(String name, double fallback, double min, double max) {
        Token token = settings.get(name);
        if (token == null) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(token.text());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (token.type() != TokenType.NUMBER || !(value >= min && value <= max)) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML." + function + ": setting '" + name + "' is "
                    + token.text() + "; expected a number from " + min + " to " + max, token.position());
        }
        return value;
    }

    /** A whole-number setting within [min, max]. */
    int integer(String name, int fallback, int min, int max) {
        Token token = settings.get(name);
        if (token == null) {
            return fallback;
        }
        if (token.type() != TokenType.NUMBER || !token.text().matches("[0-9]{1,9}")
                || Integer.parseInt(token.text()) < min || Integer.parseInt(token.text()) > max) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML." + function + ": setting '" + name + "' is "
                    + token.text() + "; expected a whole number from " + min + " to " + max, token.position());
        }
        return Integer.parseInt(token.text());
    }

    boolean bool(String name, boolean fallback) {
        Token token = settings.get(name);
        if (token == null) {
            return fallback;
        }
        if (token.isWord("true") || token.isWord("false")) {
            return token.isWord("true");
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML." + function + ": setting '" + name + "' is "
                + token.text() + "; expected true or false", token.position());
    }

    private static void struct(String function, List<Token> tokens, int from, int close, Map<String, Token> settings) {
        int i = from;
        while (i < close) {
            Token value = literal(function, tokens, i);
            i += value.text().startsWith("-") && tokens.get(i).isSymbol("-") ? 2 : 1;
            if (!tokens.get(i).isWord("AS") || tokens.get(i + 1).type() != TokenType.WORD) {
                throw new LisiereException(ErrorCode.SYNTAX_ERROR, "ML." + function + ": a STRUCT setting is written"
                        + " value AS name, as in STRUCT(0.5 AS threshold)", tokens.get(i).position());
            }
            settings.put(tokens.get(i + 1).text().toLowerCase(Locale.ROOT), value);
            i += 2;
            if (i < close && !tokens.get(i++).isSymbol(",")) {
                throw unexpected(function, tokens.get(i - 1));
            }
        }
    }

    private static void map(String function, List<Token> tokens, int from, int close, Map<String, Token> settings) {
        int i = from;
        while (i < close) {
            Token key = tokens.get(i);
            if (key.type() != TokenType.STRING || !tokens.get(i + 1).isSymbol(":")) {
                throw new LisiereException(ErrorCode.SYNTAX_ERROR, "ML." + function + ": a settings map is written"
                        + " {'name': value}, as in {'threshold': 0.5}", key.position());
            }
            Token value = literal(function, tokens, i + 2);
            i += value.text().startsWith("-") && tokens.get(i + 2).isSymbol("-") ? 4 : 3;
            settings.put(key.unquoted().toLowerCase(Locale.ROOT), value);
            if (i < close && !tokens.get(i++).isSymbol(",")) {
                throw unexpected(function, tokens.get(i - 1));
            }
        }
    }

    /** A number (with its sign), string or boolean at {@code i}. */
    private static Token literal(String function, List<Token> tokens, int i) {
        Token token = tokens.get(i);
        if (token.isSymbol("-") && tokens.get(i + 1).type() == TokenType.NUMBER) {
            Token number = tokens.get(i + 1);
            return new Token(TokenType.NUMBER, "-" + number.text(), token.offset(), token.position());
        }
        if (token.type() == TokenType.NUMBER || token.type() == TokenType.STRING || token.isWord("true")
                || token.isWord("false")) {
            return token;
        }
        throw new LisiereException(ErrorCode.SYNTAX_ERROR, "ML." + function + ": a setting's value must be a number,"
                + " a string, true or false; found " + token.text(), token.position());
    }

    private static List<Double> numbers(String function, List<Token> tokens, int from, int close) {
        List<Double> values = new ArrayList<>();
        int i = from;
        while (i < close) {
            Token value = literal(function, tokens, i);
            if (value.type() != TokenType.NUMBER) {
                throw unexpected(function, value);
            }
            values.add(Double.parseDouble(value.text()));
            i += tokens.get(i).isSymbol("-") ? 2 : 1;
            if (i < close && !tokens.get(i++).isSymbol(",")) {
                throw unexpected(function, tokens.get(i - 1));
            }
        }
        return values;
    }

    private static List<Double> generateArray(String function, List<Token> tokens, int from, int close) {
        List<Double> bounds = numbers(function, tokens, from, close);
        if (bounds.size() != 3 || !(bounds.get(2) > 0) || bounds.get(1) < bounds.get(0)
                || (bounds.get(1) - bounds.get(0)) / bounds.get(2) > 100_000) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ML." + function + ": GENERATE_ARRAY takes (start,"
                    + " end, step) with start <= end, step > 0 and at most 100000 values", tokens.get(from).position());
        }
        List<Double> values = new ArrayList<>();
        for (long k = 0; bounds.get(0) + k * bounds.get(2) <= bounds.get(1) + 1e-12; k++) {
            values.add(bounds.get(0) + k * bounds.get(2));
        }
        return values;
    }

    private static LisiereException unexpected(String function, Token token) {
        return new LisiereException(ErrorCode.SYNTAX_ERROR, "ML." + function + ": unexpected '" + token.text()
                + "'; the arguments are MODEL name, the data (TABLE t or (query)) and a settings STRUCT",
                token.position());
    }
}
