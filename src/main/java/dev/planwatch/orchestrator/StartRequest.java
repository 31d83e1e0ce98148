package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code POST /api/plans/{name}/start}: {@code mode} batch|continuous, {@code tasks} to run,
 * {@code autonomous}; and the real orchestrator's own knobs the dashboard's start dialog sets:
 * {@code batchSize} (tasks per iteration), {@code maxIterations}, {@code timeout} (seconds per session),
 * and {@code autoComplete} (false: the orchestrator does not run its final merge when the plan is
 * complete, {@code --no-auto-complete}).
 */
@RegisterForReflection
public record StartRequest(String mode, List<String> tasks, Boolean autonomous, Integer batchSize, Integer maxIterations,
                           Integer timeout, Boolean autoComplete) {

    public static final StartRequest DEFAULTS = new StartRequest(null, null, null, null, null, null, null);
}
