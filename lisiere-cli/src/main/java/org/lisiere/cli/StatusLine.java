package org.lisiere.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleFunction;
import org.lisiere.core.StatementResult;
import org.lisiere.spi.LisiereException;

/**
 * Waits for a statement running on another thread while redrawing one status line in place (a load's progress bar,
 * a training's iteration), and erases the line when the statement ends either way.
 */
final class StatusLine {
    private StatusLine() {}

    /**
     * @param status the line to show after {@code elapsed} seconds, if any
     * @throws LisiereException what the statement failed with
     */
    static StatementResult await(CompletableFuture<StatementResult> running, PrintWriter out, long tickMillis,
            DoubleFunction<Optional<String>> status) throws InterruptedException {
        long started = System.nanoTime();
        boolean drawn = false;
        while (true) {
            try {
                StatementResult result = running.get(tickMillis, TimeUnit.MILLISECONDS);
                erase(out, drawn);
                return result;
            } catch (TimeoutException stillRunning) {
                Optional<String> line = status.apply((System.nanoTime() - started) / 1e9);
                if (line.isPresent()) {
                    out.print("\r" + line.get() + ProgressBar.CLEAR_TO_END_OF_LINE);
                    out.flush();
                    drawn = true;
                }
            } catch (ExecutionException e) {
                erase(out, drawn);
                if (e.getCause() instanceof LisiereException lisiere) {
                    throw lisiere;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static void erase(PrintWriter out, boolean drawn) {
        if (drawn) {
            out.print("\r" + ProgressBar.CLEAR_TO_END_OF_LINE);
            out.flush();
        }
    }
}
