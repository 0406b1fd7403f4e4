package org.lisiere.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lisiere.core.LisiereSession;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** Statement time limits: a statement still running when its limit passes is cancelled and fails with a timeout. */
final class Timeouts implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lisiere-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /** A limit armed for one statement. */
    final class Armed implements AutoCloseable {
        private final AtomicBoolean expired = new AtomicBoolean();
        private final ScheduledFuture<?> future;
        private final Duration limit;

        private Armed(LisiereSession session, Duration limit) {
            this.limit = limit;
            this.future = limit.isZero() ? null : scheduler.schedule(() -> {
                expired.set(true);
                session.cancel();
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** {@code e}, or STATEMENT_TIMEOUT when it is the cancellation that this limit caused. */
        LisiereException translate(LisiereException e) {
            if (expired.get() && e.code() == ErrorCode.CANCELLED) {
                return new LisiereException(ErrorCode.STATEMENT_TIMEOUT, "The statement ran longer than the"
                        + " project's statement_timeout of " + text(limit) + " and was stopped; run it as a job"
                        + " (POST …/jobs) or ask an admin for a longer limit", e);
            }
            return e;
        }

        @Override
        public void close() {
            if (future != null) {
                future.cancel(false);
            }
        }
    }

    /** Cancels {@code session}'s statement when {@code limit} passes (zero: never). */
    Armed arm(LisiereSession session, Duration limit) {
        return new Armed(session, limit);
    }

    private static String text(Duration limit) {
        return limit.toMillis() % 1000 != 0 ? limit.toMillis() + "ms" : limit.toSeconds() + "s";
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
