package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TrainingMonitorTest {
    @Test
    void awaitBackgroundWaitsForTheWorkStartedMeanwhile() throws InterruptedException {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.start("m");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> work = monitor.meanwhile(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        });
        AtomicBoolean returned = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            monitor.awaitBackground();
            returned.set(work.isDone());
        });

        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).as("still waiting for the work").isTrue();
        release.countDown();
        waiter.join();

        assertThat(returned).isTrue();
        assertThat(work.join()).isEqualTo("done");
    }

    @Test
    void awaitBackgroundLeavesAFailureToWhoeverJoinsTheWork() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.start("m");
        CompletableFuture<String> failing = monitor.meanwhile(() -> {
            throw new IllegalStateException("statistics failed");
        });

        monitor.awaitBackground();

        assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("statistics failed");
    }
}
