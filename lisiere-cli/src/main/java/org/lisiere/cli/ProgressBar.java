package org.lisiere.cli;

import java.util.Locale;

/** Formats one line of a load's progress: bar, percentage, bytes, rows per second and time left. */
final class ProgressBar {
    /** The ANSI sequence that erases the rest of the line, after a status redrawn in place. */
    static final String CLEAR_TO_END_OF_LINE = "\033[K";

    private static final int WIDTH = 24;

    private ProgressBar() {}

    /**
     * @param fraction how much of the file has been read, from the engine
     * @param fileBytes the size of the file being read
     * @param rows rows read so far (estimated for text files)
     * @param elapsedSeconds time since the load started, > 0
     */
    static String line(double fraction, long fileBytes, long rows, double elapsedSeconds) {
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = fraction <= 0 ? "?" : duration(elapsedSeconds * (1 - fraction) / fraction);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %s / %s  %s rows/s  ETA %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100,
                bytes((long) (fileBytes * fraction)), bytes(fileBytes), count(rows / elapsedSeconds), eta);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String count(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
