package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /api/worktrees/{name}}: {@code attach} true checks out the plan's existing branch
 * instead of creating it.
 */
@RegisterForReflection
public record WorktreeRequest(Boolean attach) {

    public static final WorktreeRequest DEFAULTS = new WorktreeRequest(null);
}
