package dev.planwatch.workspace;

import java.util.Optional;

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

    /** The branch a plan's worktree is on: {@code branch_prefix + plan}. */
    public String branchOf(String plan) {
        return branchPrefix + plan;
    }

    /**
     * The plan a branch belongs to: the rest of the branch after {@code branch_prefix}, when that is a
     * valid plan name. The one place this rule is decided.
     */
    public Optional<String> planOf(String branch) {
        if (branch == null || !branch.startsWith(branchPrefix)) {
            return Optional.empty();
        }
        String plan = branch.substring(branchPrefix.length());
        return Names.isPlanName(plan) ? Optional.of(plan) : Optional.empty();
    }
}
