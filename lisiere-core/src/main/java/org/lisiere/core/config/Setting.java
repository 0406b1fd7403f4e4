package org.lisiere.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One setting, declared once: its key, type, default and documentation. The same declaration reads the config
 * file ({@code key = value}), the environment ({@code LISIERE_KEY}) and the command line ({@code --key}).
 *
 * @param key lower-case words joined by underscores
 * @param defaultValue the default as text, parsed like any other source
 */
public record Setting<T>(String key, SettingType<T> type, String defaultValue, String description) {
    public Setting {
        requireNonNull(key, "key is null");
        requireNonNull(type, "type is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("setting keys are lower_snake_case: " + key);
        }
    }

    public String environmentVariable() {
        return "LISIERE_" + key.toUpperCase(Locale.ROOT);
    }

    public String flag() {
        return "--" + key.replace('_', '-');
    }
}
