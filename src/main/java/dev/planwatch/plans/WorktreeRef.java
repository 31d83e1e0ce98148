package dev.planwatch.plans;

/** The linked git worktree a plan runs in ({@code branch = branch_prefix + plan}). */
public record WorktreeRef(boolean active, String path, String branch) {
}
