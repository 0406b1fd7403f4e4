package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import org.lisiere.cli.render.OutputFormat;

/** What dot-commands change in the shell. */
final class ShellState {
    private OutputFormat format;
    private boolean timer;
    private boolean exitRequested;

    ShellState(OutputFormat format, boolean timer) {
        this.format = requireNonNull(format, "format is null");
        this.timer = timer;
    }

    OutputFormat format() {
        return format;
    }

    void format(OutputFormat format) {
        this.format = requireNonNull(format, "format is null");
    }

    boolean timer() {
        return timer;
    }

    void timer(boolean timer) {
        this.timer = timer;
    }

    boolean exitRequested() {
        return exitRequested;
    }

    void requestExit() {
        exitRequested = true;
    }
}
