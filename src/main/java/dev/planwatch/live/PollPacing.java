package dev.planwatch.live;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * When the change detector's poll runs, and what it does then. The pace follows what can change
 * unseen: every {@code poll-interval} when there is no watch, or for one {@code safety-poll-interval}
 * after the watch lost events or could not cover a directory (full pace); otherwise a full poll only
 * every {@code safety-poll-interval}, and in between the liveness of orchestrators that may still run,
 * every {@code poll-interval}, only while there are such. Idle with nothing running, the poll wakes
 * up once per safety interval. A tick already scheduled is never put off, only brought forward.
 * Thread-safe; the time comes from a clock that tests replace.
 */
final class PollPacing {

    /** What one tick of the poll does. */
    enum Work {
        /** Every file's stamp, the watches and the logs. */
        FULL_POLL,
        /** Only the registry's liveness check. */
        LIVENESS_CHECK,
        /** Nothing: the tick came early (a liveness need that went away). */
        NOTHING
    }

    private final long pollNanos;
    private final long safetyNanos;
    private final LongSupplier nanos;
    private volatile boolean watching;
    /** When the next full poll is due while watching. */
    private volatile long nextSafetyPollNanos;
    /** Until when the poll runs at full pace after the watch lost events. */
    private volatile long fullPaceUntilNanos;
    /** Whether a tick is scheduled, and when it runs. Guarded by this. */
    private boolean tickScheduled;
    private long nextTickAtNanos;

    PollPacing(Duration pollInterval, Duration safetyPollInterval) {
        this(pollInterval, safetyPollInterval, System::nanoTime);
    }

    /** With the clock {@code nanos} in place of {@link System#nanoTime()}. */
    PollPacing(Duration pollInterval, Duration safetyPollInterval, LongSupplier nanos) {
        this.pollNanos = pollInterval.toNanos();
        this.safetyNanos = safetyPollInterval.toNanos();
        this.nanos = nanos;
        this.fullPaceUntilNanos = nanos.getAsLong();
    }

    /** The poll begins: its first full poll is one safety interval from now, unless the pace is full. */
    void start(boolean watching) {
        this.watching = watching;
        nextSafetyPollNanos = nanos.getAsLong() + safetyNanos;
    }

    /** The watch lost events or cannot cover a directory: poll at full pace for one safety interval from now. */
    void fullPaceForAWhile() {
        fullPaceUntilNanos = nanos.getAsLong() + safetyNanos;
    }

    /** Whether every tick is a full poll now. */
    boolean fullPace() {
        return fullPace(nanos.getAsLong());
    }

    private boolean fullPace(long now) {
        return !watching || now - fullPaceUntilNanos < 0;
    }

    /**
     * A tick runs: it is no longer scheduled, and it does a full poll when the pace is full or the
     * safety poll is due (the next one then being a safety interval away), else a liveness check when
     * {@code needsLivenessChecks} says so.
     */
    Work tick(BooleanSupplier needsLivenessChecks) {
        long now = nanos.getAsLong();
        synchronized (this) {
            tickScheduled = false;
        }
        if (fullPace(now) || now - nextSafetyPollNanos >= 0) {
            nextSafetyPollNanos = now + safetyNanos;
            return Work.FULL_POLL;
        }
        return needsLivenessChecks.getAsBoolean() ? Work.LIVENESS_CHECK : Work.NOTHING;
    }

    /**
     * When the next tick should run, in nanoseconds from now: after {@code poll-interval} at full pace
     * or while {@code needsLivenessChecks}, else when the safety poll is due. Empty when a tick already
     * scheduled runs no later; otherwise the caller schedules the tick (in place of the one before).
     */
    synchronized OptionalLong nextTickDelay(BooleanSupplier needsLivenessChecks) {
        long now = nanos.getAsLong();
        long delay = fullPace(now) || needsLivenessChecks.getAsBoolean()
                ? pollNanos
                : Math.max(0, nextSafetyPollNanos - now);
        if (tickScheduled && nextTickAtNanos - (now + delay) <= 0) {
            return OptionalLong.empty();
        }
        tickScheduled = true;
        nextTickAtNanos = now + delay;
        return OptionalLong.of(delay);
    }
}
