package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/plans/{name}/start}: {@code mode} batch|continuous, {@code tasks} to run,
 * {@code autonomous}; and the real orchestrator's own knobs the dashboard's start dialog sets:
 * {@code batchSize} (tasks per iteration), {@code maxIterations}, {@code timeout} (seconds per session),
 * and {@code autoComplete} (false: the orchestrator does not run its final merge when the plan is
 * complete, {@code --no-auto-complete}). {@code worktree} true runs the plan in its own git worktree
 * ({@code worktrees/plan-<name>} on {@code plan/<name>}, created when absent), beside other plans.
 * The bounds below are the only statement of the limits: the
 * start validates against them, the OpenAPI document shows them, and the page reads them from
 * {@code /api/dashboard/settings} ({@link ControlLimits}).
 */
@RegisterForReflection
public record StartRequest(
        @Schema(enumeration = {"batch", "continuous"}) String mode,
        @Schema(maxItems = StartRequest.MAX_TASKS) List<String> tasks,
        Boolean autonomous,
        @Schema(minimum = "1", maximum = "" + StartRequest.MAX_BATCH_SIZE) Integer batchSize,
        @Schema(minimum = "1", maximum = "" + StartRequest.MAX_ITERATIONS) Integer maxIterations,
        @Schema(minimum = "1", maximum = "" + StartRequest.MAX_TIMEOUT_SECONDS) Integer timeout,
        Boolean autoComplete,
        Boolean worktree) {

    public static final StartRequest DEFAULTS = new StartRequest(null, null, null, null, null, null, null, null);
    /** The most tasks one iteration may take ({@code batchSize}). */
    public static final int MAX_BATCH_SIZE = 1000;
    /** The most iterations a start may ask for. */
    public static final int MAX_ITERATIONS = 100_000;
    /** The longest session timeout, in seconds: a day. */
    public static final int MAX_TIMEOUT_SECONDS = 86_400;
    /** The most task ids a start may name. */
    public static final int MAX_TASKS = 1000;

    public boolean inWorktree() {
        return Boolean.TRUE.equals(worktree);
    }
}
