package org.lisiere.core.ml;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * What a CREATE MODEL is doing, for the shell's status line, and the way to cancel it from another thread: trainers
 * report each iteration here and stop with {@link ErrorCode#CANCELLED} at the next one after {@link #cancel()}.
 * Nothing is stored before training ends, so a cancelled statement leaves no model and no version.
 */
public final class TrainingMonitor {
    private volatile boolean cancelled;
    private volatile String model = "";
    private volatile String trial = "";
    private volatile String status = "";
    /** The last iteration reported, formatted only when the status is read (trainers report thousands). */
    private volatile Optional<Iteration> iteration = Optional.empty();

    private record Iteration(int number, int of, double loss) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "iteration %d of at most %d, loss %.6g", number, of, loss);
        }
    }

    /** Work started with {@link #meanwhile} since the last {@link #start}. */
    private final List<CompletableFuture<?>> background = new CopyOnWriteArrayList<>();

    void start(String modelName) {
        background.clear();
        cancelled = false;
        model = modelName;
        trial = "";
        status = "reading the training data";
        iteration = Optional.empty();
    }

    /** Stops the training at its next check; safe from any thread. */
    public void cancel() {
        cancelled = true;
    }

    /** Fails with CANCELLED once {@link #cancel()} was called. */
    void check() {
        if (cancelled) {
            throw new LisiereException(ErrorCode.CANCELLED, "Statement cancelled; model '" + model
                    + "' was not changed");
        }
    }

    /**
     * Starts work the training needs at its end (the data fingerprint, the feature statistics) on the cores the
     * training leaves idle at the time.
     */
    <T> CompletableFuture<T> meanwhile(Supplier<T> work) {
        CompletableFuture<T> started = Background.supply(work);
        background.add(started);
        return started;
    }

    /**
     * Waits for the work started with {@link #meanwhile}: a trainer calls this before it keeps every core busy, which
     * that work would slow (its failure is for the one who joins it to report).
     */
    void awaitBackground() {
        for (CompletableFuture<?> work : background) {
            work.exceptionally(failure -> null).join();
        }
    }

    void phase(String text) {
        check();
        status = text;
        iteration = Optional.empty();
    }

    void trial(int number, int of) {
        check();
        trial = String.format(Locale.ROOT, "trial %d of %d, ", number, of);
    }

    void iteration(int iteration, int maxIterations, double loss) {
        check();
        this.iteration = Optional.of(new Iteration(iteration, maxIterations, loss));
    }

    void finish() {
        model = "";
        status = "";
        iteration = Optional.empty();
    }

    /** A one-line status such as {@code training churn: iteration 3 of at most 20, loss 0.412}, while training. */
    public Optional<String> status() {
        String current = iteration.map(Iteration::toString).orElse(status);
        String name = model;
        return name.isEmpty() || current.isEmpty() ? Optional.empty()
                : Optional.of("training " + name + ": " + trial + current);
    }
}
