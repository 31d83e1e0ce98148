package dev.planwatch.workspace;

import java.nio.file.Path;

/** One git worktree: the main checkout or a linked one. {@code branch} is without {@code refs/heads/}. */
public record Worktree(String adminName, Path path, String branch, boolean main, boolean prunable) {
}
