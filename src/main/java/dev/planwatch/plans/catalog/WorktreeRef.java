package dev.planwatch.plans.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The linked git worktree a plan runs in ({@code branch = branch_prefix + plan}). */
@RegisterForReflection
public record WorktreeRef(boolean active, String path, String branch) {
}
