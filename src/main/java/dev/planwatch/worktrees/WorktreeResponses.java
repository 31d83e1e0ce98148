package dev.planwatch.worktrees;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The shapes of {@code /api/worktrees} and {@code /api/resources}. */
public final class WorktreeResponses {

    private WorktreeResponses() {
    }

    /**
     * @param days         whole days since the last commit; null when git could not tell
     * @param lastCommitAt the last commit's committer date, ISO-8601 UTC
     */
    public record Age(Integer days, @JsonProperty("isStale") boolean isStale, String lastCommitAt) {
    }

    /** @param status {@code active}, {@code stale}, {@code abandoned} or {@code prunable} (directory gone) */
    public record Item(String name, String path, String branch, String planName, String status, Age age) {
    }

    public record Summary(int total, int active, int stale, int abandoned) {
    }

    public record WorktreeList(List<Item> worktrees, Summary summary, List<String> warnings) {
    }

    public record ConcurrentWorktrees(int current, int max, boolean canCreate) {
    }

    public record DiskSpace(long availableMB, long requiredMB, boolean sufficient) {
    }

    public record Limits(ConcurrentWorktrees concurrentWorktrees, DiskSpace diskSpace) {
    }

    public record WorktreeCounts(int total, int stale, int abandoned, List<String> staleWorktrees,
                                 List<String> abandonedWorktrees) {
    }

    public record Resources(Limits limits, WorktreeCounts worktrees, List<String> warnings, boolean canCreateWorktree) {
    }
}
