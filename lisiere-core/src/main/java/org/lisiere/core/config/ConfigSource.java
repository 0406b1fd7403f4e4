package org.lisiere.core.config;

import static java.util.Objects.requireNonNull;

/**
 * Where an effective value came from, in increasing precedence: default, file, environment, flag.
 *
 * @param detail the file path, variable name or flag
 */
public record ConfigSource(Kind kind, String detail) {
    public enum Kind { DEFAULT, FILE, ENVIRONMENT, FLAG }

    public ConfigSource {
        requireNonNull(kind, "kind is null");
        requireNonNull(detail, "detail is null");
    }

    public static final ConfigSource DEFAULT = new ConfigSource(Kind.DEFAULT, "default");

    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> "default";
            case FILE -> "file " + detail;
            case ENVIRONMENT -> "env " + detail;
            case FLAG -> "flag " + detail;
        };
    }
}
