package org.lisiere.core.config;

import static java.util.Objects.requireNonNull;

/** The effective value of one setting and where it came from. */
public record ConfigValue<T>(Setting<T> setting, T value, ConfigSource source) {
    public ConfigValue {
        requireNonNull(setting, "setting is null");
        requireNonNull(value, "value is null");
        requireNonNull(source, "source is null");
    }

    /** The value as users write it. */
    public String formatted() {
        return setting.type().format(value);
    }
}
