package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code POST /api/plans/{name}/start}: {@code mode} batch|continuous, {@code tasks} to run,
 * {@code autonomous}; and the real orchestrator's own knobs the dashboard's start dialog sets:
 * {@code batchSize} (tasks per iteration), {@code maxIterations}, {@code timeout} (seconds per session),
 * and {@code autoComplete} (false: the orchestrator does not run its final merge when the plan is
 * complete, {@code --no-auto-complete}). {@code worktree} true runs the plan in its own git worktree
 * ({@code worktrees/plan-<name>} on {@code plan/<name>}, created when absent), beside other plans.
 */
@RegisterForReflection
public record StartRequest(String mode, List<String> tasks, Boolean autonomous, Integer batchSize, Integer maxIterations,
                           Integer timeout, Boolean autoComplete, Boolean worktree) {

    public static final StartRequest DEFAULTS = new StartRequest(null, null, null, null, null, null, null, null);

    public boolean inWorktree() {
        return Boolean.TRUE.equals(worktree);
    }
}
