package org.lisiere.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The effective configuration: one value per declared setting, in declaration order. */
public record Config(List<ConfigValue<?>> values) {
    public Config {
        values = List.copyOf(requireNonNull(values, "values is null"));
    }

    @SuppressWarnings("unchecked")
    public <T> ConfigValue<T> entry(Setting<T> setting) {
        return (ConfigValue<T>) values.stream().filter(v -> v.setting().equals(setting)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("setting not loaded: " + setting.key()));
    }

    public <T> T get(Setting<T> setting) {
        return entry(setting).value();
    }
}
