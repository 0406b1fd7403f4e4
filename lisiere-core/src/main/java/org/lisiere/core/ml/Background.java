package org.lisiere.core.ml;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Supplier;

/**
 * Work a training does while it trains (the data fingerprint, the feature statistics), in a pool of its own: in the
 * common pool, which has one worker on two cores, it held that worker and left the solvers' parallel passes to the
 * calling thread alone. Parallel streams started by this work run in this pool too.
 */
final class Background {
    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
            pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("lisiere-training-background-" + thread.getPoolIndex());
                return thread;
            }, null, false);

    private Background() {}

    static <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, POOL);
    }
}
