package org.lisiere.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The value of an entry of an {@code OPTIONS (...)} list: a string, a number or a boolean, with the token it was
 * written as so that errors can point at it.
 */
public record OptionValue(String name, Token token, java.util.List<Token> elements) {
    public OptionValue {
        requireNonNull(name, "name is null");
        requireNonNull(token, "token is null");
        elements = java.util.List.copyOf(requireNonNull(elements, "elements is null"));
    }

    /** A scalar value. */
    public OptionValue(String name, Token token) {
        this(name, token, java.util.List.of());
    }

    /** Whether the value is a call such as {@code HPARAM_RANGE(0, 10)} (its arguments are the elements). */
    public boolean isCall(String function) {
        return token.isWord(function);
    }

    /** The numbers among the elements, signs applied ({@code HPARAM_RANGE(-1, 1)}, {@code [0.1, 1]}). */
    public java.util.List<Double> numbers() {
        java.util.List<Double> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            Token element = elements.get(i);
            if (element.isSymbol("-") && i + 1 < elements.size()) {
                numbers.add(-new OptionValue(name, elements.get(++i)).asDouble());
            } else if (element.type() == TokenType.NUMBER) {
                numbers.add(new OptionValue(name, element).asDouble());
            } else if (!element.isSymbol(",") && !element.isSymbol("[") && !element.isSymbol("]")) {
                throw new OptionValue(name, element).invalid("a number");
            }
        }
        return numbers;
    }

    /** A number. */
    public double asDouble() {
        if (token.type() != TokenType.NUMBER) {
            throw invalid("a number");
        }
        try {
            return Double.parseDouble(token.text());
        } catch (NumberFormatException e) {
            throw invalid("a number");
        }
    }

    /** An array of strings ({@code ['a', 'b']}), or one string taken as an array of one. */
    public java.util.List<String> asStringList() {
        if (token.isSymbol("[")) {
            return elements.stream().map(t -> {
                if (t.type() != TokenType.STRING) {
                    throw new OptionValue(name, t).invalid("a quoted string in the array");
                }
                return t.unquoted();
            }).toList();
        }
        return java.util.List.of(asString());
    }

    /** An array of numbers ({@code [0.1, 1, 10]}). */
    public java.util.List<Double> asNumberList() {
        if (!token.isSymbol("[")) {
            throw invalid("an array of numbers");
        }
        return elements.stream().map(t -> new OptionValue(name, t).asDouble()).toList();
    }

    /**
     * An array of {@code STRUCT(key, number)} pairs, as BigQuery ML's {@code class_weights = [STRUCT('a', 0.2)]}; keys
     * in the order written.
     */
    public java.util.Map<String, Double> asWeightPairs() {
        if (!token.isSymbol("[")) {
            throw invalid("an array of STRUCT('label', weight)");
        }
        java.util.Map<String, Double> pairs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < elements.size(); i += 5) {
            if (i + 4 >= elements.size() || !elements.get(i).isWord("STRUCT") || !elements.get(i + 4).isSymbol(")")) {
                throw new OptionValue(name, elements.get(Math.min(i, elements.size() - 1)))
                        .invalid("STRUCT('label', weight) elements");
            }
            Token key = elements.get(i + 2);
            String text = key.type() == TokenType.STRING ? key.unquoted() : key.text();
            double weight = new OptionValue(name, elements.get(i + 3)).asDouble();
            if (pairs.put(text, weight) != null) {
                throw new OptionValue(name, key).invalid("each label once");
            }
        }
        return pairs;
    }

    public String asString() {
        if (token.type() != TokenType.STRING && token.type() != TokenType.DOLLAR_STRING) {
            throw invalid("a quoted string");
        }
        return token.unquoted();
    }

    public boolean asBoolean() {
        if (token.isWord("true")) {
            return true;
        }
        if (token.isWord("false")) {
            return false;
        }
        throw invalid("true or false");
    }

    /** A failure naming the option, its value and what is allowed. */
    public LisiereException invalid(String allowed) {
        return new LisiereException(ErrorCode.INVALID_OPTION, String.format(Locale.ROOT,
                "Option '%s': %s is not allowed; expected %s", name, token.text(), allowed), token.position());
    }
}
