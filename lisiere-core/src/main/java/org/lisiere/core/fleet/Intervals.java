package org.lisiere.core.fleet;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as SQL users write them: {@code '7 days'}, {@code '1 minute'}, {@code '30 seconds'}. */
public final class Intervals {
    /** What {@link #parse} accepts, for error messages. */
    public static final String ALLOWED = "a whole number and a unit, such as '30 seconds', '1 minute', '6 hours',"
            + " '7 days' or '2 weeks'";
    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,6})\\s*(second|minute|hour|day|week)s?");

    private Intervals() {}

    /** The duration {@code text} names, or empty when it is not {@link #ALLOWED}; zero is not a duration. */
    public static Optional<Duration> parse(String text) {
        Matcher m = INTERVAL.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "second" -> Duration.ofSeconds(amount);
            case "minute" -> Duration.ofMinutes(amount);
            case "hour" -> Duration.ofHours(amount);
            case "day" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        });
    }
}
