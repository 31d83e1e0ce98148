package dev.planwatch.workspace;

/**
 * The parts of {@code .claude/git-workflow.json} planwatch uses, with the original tools'
 * defaults for absent keys.
 */
public record GitWorkflow(
        String branchPrefix,
        String worktreesDirectory,
        int maxConcurrentWorktrees,
        int staleDays,
        int minDiskSpaceMb,
        int warnDiskSpaceMb,
        boolean checkDiskSpace,
        String apiHost,
        Integer apiPort) {

    public static final GitWorkflow DEFAULTS = new GitWorkflow("plan/", "worktrees", 3, 14, 500, 1000, true, null, null);
}
