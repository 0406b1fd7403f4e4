package org.lisiere.core.config;

/**
 * How a setting's text is parsed and validated.
 *
 * @param <T> the parsed value
 */
public interface SettingType<T> {
    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException whose message says what is allowed
     */
    T parse(String text);

    /** What values are allowed, as shown in help and errors (such as {@code an integer >= 1}). */
    String allowed();

    /** The parsed value as users write it, for {@code lisiere config}. */
    default String format(T value) {
        return String.valueOf(value);
    }
}
