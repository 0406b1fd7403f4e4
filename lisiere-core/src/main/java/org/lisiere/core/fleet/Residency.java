package org.lisiere.core.fleet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What of a site table may leave its site. */
public enum Residency {
    /** No raw row leaves the site; only SYNC results that aggregate it do. */
    SITE,
    /** Rows may leave with the listed columns replaced by a keyed hash whose key stays at the site. */
    PSEUDONYMISED,
    /** Rows may leave as they are. */
    OPEN;

    /** The option value ({@code site}, {@code pseudonymised}, {@code open}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Residency> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.label().equals(text.toLowerCase(Locale.ROOT))).findFirst();
    }
}
