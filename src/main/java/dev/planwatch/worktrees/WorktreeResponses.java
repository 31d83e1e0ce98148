package dev.planwatch.worktrees;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
    @RegisterForReflection
    public record Age(Integer days, @JsonProperty("isStale") boolean isStale, String lastCommitAt) {
    }

    /** @param status {@code active}, {@code stale}, {@code abandoned} or {@code prunable} (directory gone) */
    @RegisterForReflection
    public record Item(String name, String path, String branch, String planName, String status, Age age) {
    }

    @RegisterForReflection
    @Schema(name = "WorktreeSummary")
    public record Summary(int total, int active, int stale, int abandoned) {
    }

    @RegisterForReflection
    public record WorktreeList(List<Item> worktrees, Summary summary, List<String> warnings) {
    }

    @RegisterForReflection
    public record ConcurrentWorktrees(int current, int max, boolean canCreate) {
    }

    @RegisterForReflection
    public record DiskSpace(long availableMB, long requiredMB, boolean sufficient) {
    }

    @RegisterForReflection
    public record Limits(ConcurrentWorktrees concurrentWorktrees, DiskSpace diskSpace) {
    }

    @RegisterForReflection
    public record WorktreeCounts(int total, int stale, int abandoned, List<String> staleWorktrees,
                                 List<String> abandonedWorktrees) {
    }

    @RegisterForReflection
    public record Resources(Limits limits, WorktreeCounts worktrees, List<String> warnings, boolean canCreateWorktree) {
    }
}
