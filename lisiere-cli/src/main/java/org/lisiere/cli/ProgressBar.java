package org.lisiere.cli;

import java.util.Locale;
import org.lisiere.spi.Progress;

/** Formats one line of a load's progress: bar, percentage, bytes, rows per second and time left. */
final class ProgressBar {
    private static final int WIDTH = 24;

    private ProgressBar() {}

    /**
     * @param fileBytes the size of the file being read
     * @param elapsedSeconds time since the load started, > 0
     */
    static String line(Progress progress, long fileBytes, double elapsedSeconds) {
        int filled = (int) Math.round(progress.fraction() * WIDTH);
        double rowsPerSecond = progress.rowsProcessed() / elapsedSeconds;
        String eta = progress.fraction() <= 0 ? "?"
                : duration(elapsedSeconds * (1 - progress.fraction()) / progress.fraction());
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %s / %s  %s rows/s  ETA %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), progress.fraction() * 100,
                bytes((long) (fileBytes * progress.fraction())), bytes(fileBytes), count(rowsPerSecond), eta);
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
