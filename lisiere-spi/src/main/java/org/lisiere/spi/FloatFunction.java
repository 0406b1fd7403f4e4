package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

/**
 * A SQL scalar function over FLOAT arguments returning DOUBLE, computed in Java a batch of rows at a time (the engine
 * may call it from several threads at once; it must be thread-safe). A NULL argument arrives as {@code NaN}; a
 * {@code NaN} result becomes NULL.
 *
 * @param name the SQL name, unique for this behaviour (e.g. derived from a model's content)
 * @param arity the number of FLOAT arguments
 */
public record FloatFunction(String name, int arity, Body body) {
    public FloatFunction {
        requireNonNull(name, "name is null");
        requireNonNull(body, "body is null");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain SQL function name: " + name);
        }
        if (arity < 1) {
            throw new IllegalArgumentException("arity must be at least 1: " + arity);
        }
    }

    /** Computes one result per row. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param rows row-major arguments, {@code arity} per row, {@code count} rows
         * @param results one per row, written by the body
         */
        void apply(float[] rows, int count, double[] results);
    }
}
