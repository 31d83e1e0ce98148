package dev.planwatch.changes;

import dev.planwatch.workspace.GitBranches;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The shapes of a plan's changes, of one file's diff and of the conflict report. */
public final class ChangesResponses {

    private ChangesResponses() {
    }

    /** Files and lines of a set of changes; binary and untracked files count as files, not lines. */
    @RegisterForReflection
    @Schema(name = "ChangeTotals")
    public record Totals(int files, int added, int removed) {
        static Totals of(List<GitBranches.FileChange> files) {
            int added = 0;
            int removed = 0;
            for (GitBranches.FileChange file : files) {
                added += file.added() == null ? 0 : Math.max(0, file.added());
                removed += file.removed() == null ? 0 : Math.max(0, file.removed());
            }
            return new Totals(files.size(), added, removed);
        }
    }

    /**
     * A worktree's work not yet committed: changed files against its HEAD (staged or not) and
     * untracked files ({@code status: untracked}, no line counts).
     */
    @RegisterForReflection
    public record Uncommitted(String worktreePath, Totals totals, List<GitBranches.FileChange> files, boolean truncated) {
    }

    /**
     * What a plan's branch changed since it left the main branch.
     *
     * @param base             the merge base of the branch and the main branch: where the changes start
     * @param commitCount      commits on the branch and not on the main branch (all of them, not only those listed)
     * @param commits          the newest {@code commitCount} commits, at most 200
     * @param files            the files changed from {@code base} to {@code tip}, at most 5,000
     * @param uncommitted      the plan worktree's uncommitted work; null when the branch has no worktree
     */
    @RegisterForReflection
    public record PlanChanges(String plan, String branch, String baseBranch, String base, String tip, String worktreePath,
                              Totals totals, int commitCount, List<GitBranches.Commit> commits, boolean commitsTruncated,
                              List<GitBranches.FileChange> files, boolean filesTruncated, Uncommitted uncommitted) {
    }

    /**
     * One file's unified diff, cut at 256 KiB ({@code truncated}); a binary file is named with
     * {@code diff: null}.
     */
    @RegisterForReflection
    public record FileDiff(String plan, String path, String oldPath, String status, boolean binary, Integer added, Integer removed,
                           boolean uncommitted, String diff, boolean truncated) {
    }

    /** A plan branch with work not in the main branch. */
    @RegisterForReflection
    public record BranchWork(String branch, String plan, String tip, String base, int commits, Totals totals) {
    }

    /** One branch's change to a file several branches touch. */
    @RegisterForReflection
    public record OverlapBranch(String branch, String plan, String status, Integer added, Integer removed) {
    }

    /** A file that two or more plan branches change (a renamed file counts under both its paths). */
    @RegisterForReflection
    public record OverlapFile(String path, List<OverlapBranch> branches) {
    }

    /**
     * The dry-run merge of two branches, or of a branch ({@code a}) and the main branch ({@code b}).
     *
     * @param severity    {@code conflict} (the merge fails), {@code overlap} (the two change some of the
     *                    same files and merge cleanly), {@code none}, or {@code unknown} when git could not merge them ({@code error})
     * @param conflicts   the files git could not merge, with the kinds of conflict it named
     * @param overlapping the files both sides change since their merge base
     */
    @RegisterForReflection
    public record Pair(String a, String b, boolean withMain, String severity, List<GitBranches.ConflictedFile> conflicts,
                       List<String> overlapping, String error) {
    }

    /** A place in the recommended merge order, with why it is there. */
    @RegisterForReflection
    public record MergeStep(int position, String branch, String plan, Integer percentage, String reason) {
    }

    /**
     * Where parallel plans collide.
     *
     * @param mergeOrder fewest conflicts first (with the main branch, then with the other branches),
     *                   then the most complete plan
     */
    @RegisterForReflection
    public record ConflictReport(String mainBranch, String mainTip, List<BranchWork> branches, List<OverlapFile> overlaps,
                                 List<Pair> pairs, List<MergeStep> mergeOrder, List<String> warnings) {
    }

    /** The reply of {@code /api/worktrees/conflicts} (rendered once per report, so named here for the document). */
    @RegisterForReflection
    public record ConflictsReply(boolean success, ConflictReport data) {
    }

    /** {@code plan:changes}: a plan branch's tip moved (or the branch appeared, or went: {@code tip} null). */
    @RegisterForReflection
    public record PlanChangesData(String branch, String tip, String previousTip, String baseBranch, Integer commits, Totals totals) {
    }

    /** {@code worktrees:conflicts}: the conflict report changed; counts and the merge order, the rest at {@code /api/worktrees/conflicts}. */
    @RegisterForReflection
    public record ConflictsData(int branches, int conflictingPairs, int overlappingPairs, int conflictsWithMain,
                                List<String> mergeOrder) {
    }
}
