package dev.planwatch.workspace;

import dev.planwatch.config.PlanwatchConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the memory that big status.json files take at once. Reading, parsing, rendering or
 * rewriting a file costs a few times its size in heap for a moment; a file up to
 * {@code planwatch.status-max-size} is fine alone in the heap {@code bin/planwatch} gives, but a
 * handful of concurrent requests for the same big file are not. So every such piece of work on a
 * file of {@link #SMALL_BYTES} or more first takes the file's size out of a budget as large as the
 * limit, and waits while the budget is spent: big files are handled one after another (the second
 * request of a version finds the first one's rendering memoised), small ones never wait. A thread
 * already inside the gate passes again without taking more (no self-deadlock when one gated step
 * calls another).
 */
@ApplicationScoped
public class StatusReadGate {

    /** Below this size a file's work never waits: its memory is small next to the heap. */
    public static final long SMALL_BYTES = 256 * 1024;
    private static final int BYTES_PER_PERMIT = 1024;

    private final long maxBytes;
    private final int maxPermits;
    private final Semaphore budget;
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

    @Inject
    public StatusReadGate(PlanwatchConfig config) {
        this(config.statusMaxSize().asLongValue());
    }

    public StatusReadGate(long maxBytes) {
        this.maxBytes = maxBytes;
        this.maxPermits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxBytes / BYTES_PER_PERMIT));
        this.budget = new Semaphore(maxPermits, true);
    }

    /** The largest status.json read ({@code planwatch.status-max-size}). */
    public long maxBytes() {
        return maxBytes;
    }

    /** Whether work on {@code file} (its size now) passes through the gate; false for a missing file. */
    public boolean isLarge(Path file) {
        return file != null && sizeOf(file) >= SMALL_BYTES;
    }

    /** Runs {@code work} on {@code file}, first waiting for the file's size in the budget when it is large. */
    public <T> T around(Path file, Supplier<T> work) {
        long size = file == null ? 0 : sizeOf(file);
        if (size < SMALL_BYTES || inside.get()) {
            return work.get();
        }
        int permits = (int) Math.min(maxPermits, (size + BYTES_PER_PERMIT - 1) / BYTES_PER_PERMIT);
        budget.acquireUninterruptibly(permits);
        inside.set(true);
        try {
            return work.get();
        } finally {
            inside.set(false);
            budget.release(permits);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
