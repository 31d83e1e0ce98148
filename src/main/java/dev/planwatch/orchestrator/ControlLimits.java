package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;

/**
 * The bounds of the control requests, as the page reads them from {@code /api/dashboard/settings},
 * made from the request records' own constants (and the configured stop timeout), so that the page's
 * inputs and the server's validation cannot drift apart.
 */
@RegisterForReflection
public record ControlLimits(Range batchSize, Range maxIterations, Range timeout, int maxTasks, Range stopTimeout,
                            int skipReasonLength) {

    /** An inclusive range of whole numbers. */
    @RegisterForReflection
    public record Range(int min, int max) {
    }

    /** The limits in force with a stop timeout of at most {@code maxStopTimeout}. */
    public static ControlLimits of(Duration maxStopTimeout) {
        return new ControlLimits(new Range(1, StartRequest.MAX_BATCH_SIZE), new Range(1, StartRequest.MAX_ITERATIONS),
                new Range(1, StartRequest.MAX_TIMEOUT_SECONDS), StartRequest.MAX_TASKS,
                new Range(1, (int) Math.min(Integer.MAX_VALUE, maxStopTimeout.toSeconds())), SkipRequest.MAX_REASON_LENGTH);
    }
}
