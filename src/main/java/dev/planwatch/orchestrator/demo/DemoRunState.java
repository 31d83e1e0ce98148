package dev.planwatch.orchestrator.demo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the demo orchestrator's IPC commands and signals change and its loop reads, shared between
 * those threads: the shutdown flag, the pause, the iteration and the task in progress.
 */
final class DemoRunState {

    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile boolean paused;
    private volatile String taskInProgress;
    private volatile int iteration;

    /**
     * SIGTERM only sets the shutdown flag, as the real orchestrator's handler does: the loop looks
     * at it between tasks. With {@code ignore} it is logged and otherwise ignored.
     */
    void handleSigterm(boolean ignore) {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
            if (ignore) {
                DemoOrchestrator.log("WARNING", "Received SIGTERM, ignoring it");
                return;
            }
            DemoOrchestrator.log("INFO", "Received SIGTERM, initiating graceful shutdown...");
            requestShutdown();
        });
    }

    void requestShutdown() {
        shutdown.countDown();
    }

    boolean shutdownRequested() {
        return shutdown.getCount() == 0;
    }

    /** Waits up to {@code millis} for a shutdown request. */
    void awaitShutdown(long millis) throws InterruptedException {
        shutdown.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean paused() {
        return paused;
    }

    void paused(boolean paused) {
        this.paused = paused;
    }

    String taskInProgress() {
        return taskInProgress;
    }

    void taskInProgress(String task) {
        this.taskInProgress = task;
    }

    int iteration() {
        return iteration;
    }

    /** The next iteration's number. */
    int nextIteration() {
        return ++iteration;
    }
}
