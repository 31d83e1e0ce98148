package dev.planwatch.workspace;

/**
 * A CDI event: git's administrative files changed (a ref moved, a branch or worktree came or went),
 * seen by the change detector. Whoever keeps what git said observes it and reads again.
 */
public record GitRefsChanged(long noticedAtNanos) {
}
