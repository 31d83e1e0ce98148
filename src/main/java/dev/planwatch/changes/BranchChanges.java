package dev.planwatch.changes;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.workspace.FileStamp;
import dev.planwatch.workspace.GitBranches;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.Worktree;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What each plan's branch changed since it left the main branch. A branch's changes are computed
 * once per pair of tips (the branch's and the main branch's) and kept until one of them moves; the
 * tips themselves are read again only when the stamps of git's ref files change, so a repeated
 * request runs no git at all. A worktree's uncommitted work leaves no trace in the refs: it is
 * kept for {@link #UNCOMMITTED_MAX_AGE_NANOS} at most, or until the worktree's index changes.
 */
@ApplicationScoped
public class BranchChanges {

    static final int MAX_COMMITS = 200;
    static final int MAX_FILES = 5_000;
    static final int MAX_DIFF_BYTES = 256 * 1024;
    static final long UNCOMMITTED_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Workspace workspace;
    private final GitBranches git;
    private final PlanCatalog catalog;
    private final Optional<String> configuredMain;
    private volatile Refs refs;
    private final Map<String, BranchDiff> diffs = new ConcurrentHashMap<>();
    private final Map<String, UncommittedEntry> uncommitted = new ConcurrentHashMap<>();
    /** Where a branch's file listing runs while its commits are read on the caller's thread. */
    private final ExecutorService listings = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "planwatch-git-listing");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Every local branch's tip, and the main branch among them (null when there is none), as of
     * {@code stamp}.
     */
    record Refs(List<Object> stamp, Map<String, String> tips, String mainBranch) {
        String mainTip() {
            return mainBranch == null ? null : tips.get(mainBranch);
        }
    }

    /** What a branch changed, computed for these two tips. */
    record BranchDiff(String tip, String mainTip, String base, GitBranches.Commits commits, GitBranches.FileChanges files,
                      ChangesResponses.Totals totals) {
        boolean hasWork() {
            return commits.total() > 0;
        }
    }

    private record UncommittedEntry(String tip, Optional<FileStamp> index, long computedAtNanos, ChangesResponses.Uncommitted value) {
    }

    public BranchChanges(Workspace workspace, GitBranches git, PlanCatalog catalog, PlanwatchConfig config) {
        this.workspace = workspace;
        this.git = git;
        this.catalog = catalog;
        this.configuredMain = config.git().mainBranch().filter(GitBranches::isBranchName);
    }

    void onStop(@Observes ShutdownEvent event) {
        listings.shutdownNow();
    }

    /** The branches now: from memory while git's ref files are unchanged. Empty when git cannot tell. */
    Optional<Refs> refs() {
        if (git.commonDir().isEmpty()) {
            return Optional.empty(); // not a repository: no git to run
        }
        List<Object> stamp = git.refsStamp();
        Refs known = refs;
        if (known != null && known.stamp().equals(stamp)) {
            return Optional.of(known);
        }
        synchronized (this) {
            known = refs;
            if (known != null && known.stamp().equals(stamp)) {
                return Optional.of(known);
            }
            Optional<Map<String, String>> tips = git.branchTips(workspace.root());
            if (tips.isEmpty()) {
                return Optional.empty();
            }
            Refs read = new Refs(stamp, Map.copyOf(tips.get()), mainBranchOf(tips.get()));
            refs = read;
            // Diffs of branches that no longer exist are dropped; the rest stay, checked by tip on use.
            diffs.keySet().retainAll(read.tips().keySet());
            return Optional.of(read);
        }
    }

    private String mainBranchOf(Map<String, String> tips) {
        if (configuredMain.isPresent()) {
            return tips.containsKey(configuredMain.get()) ? configuredMain.get() : null;
        }
        return tips.containsKey("main") ? "main" : tips.containsKey("master") ? "master" : null;
    }

    /** The branch of a plan (its worktree's branch by git-workflow.json's prefix). */
    String branchOf(String plan) {
        return catalog.snapshot().gitWorkflow().branchOf(plan);
    }

    /** What {@code branch} changed since it left the main branch, from memory when neither tip moved. */
    Optional<BranchDiff> diff(Refs refs, String branch) {
        String tip = refs.tips().get(branch);
        String mainTip = refs.mainTip();
        if (tip == null || mainTip == null) {
            return Optional.empty();
        }
        BranchDiff known = diffs.get(branch);
        if (known != null && known.tip().equals(tip) && known.mainTip().equals(mainTip)) {
            return Optional.of(known);
        }
        Path repository = workspace.root();
        Optional<String> base = git.mergeBase(repository, mainTip, tip);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        // The two listings are independent: asked at once, a cold request waits for the slower one only.
        CompletableFuture<Optional<GitBranches.FileChanges>> listing = CompletableFuture.supplyAsync(
                () -> git.changedFiles(repository, base.get(), tip, MAX_FILES), listings);
        Optional<GitBranches.Commits> commits = git.commits(repository, base.get(), tip, MAX_COMMITS);
        Optional<GitBranches.FileChanges> files = listing.join();
        if (commits.isEmpty() || files.isEmpty()) {
            return Optional.empty();
        }
        BranchDiff computed = new BranchDiff(tip, mainTip, base.get(), commits.get(), files.get(),
                ChangesResponses.Totals.of(files.get().files()));
        diffs.put(branch, computed);
        return Optional.of(computed);
    }

    /** {@code GET /api/plans/{name}/changes}. */
    public ChangesResponses.PlanChanges changes(String plan) {
        Refs now = requireRefs();
        String branch = requireBranch(plan, now);
        BranchDiff diff = diff(now, branch).orElseThrow(() -> gitFailed("the changes of " + branch));
        Optional<Worktree> worktree = worktreeOf(branch);
        ChangesResponses.Uncommitted work = worktree.map(w -> uncommitted(plan, w, diff.tip())).orElse(null);
        return new ChangesResponses.PlanChanges(plan, branch, now.mainBranch(), diff.base(), diff.tip(),
                worktree.map(w -> w.path().toString()).orElse(null), diff.totals(), diff.commits().total(),
                diff.commits().commits(), diff.commits().total() > diff.commits().commits().size(),
                diff.files().files(), diff.files().truncated(), work);
    }

    /**
     * {@code GET /api/plans/{name}/changes/diff?path=}: the path must be one the plan's changes list
     * (committed, or with {@code uncommitted} its worktree's), so no other path ever reaches git.
     */
    public ChangesResponses.FileDiff fileDiff(String plan, String path, boolean fromWorktree) {
        Refs now = requireRefs();
        String branch = requireBranch(plan, now);
        BranchDiff diff = diff(now, branch).orElseThrow(() -> gitFailed("the changes of " + branch));
        GitBranches.FileChange file;
        Optional<GitBranches.Diff> text;
        if (fromWorktree) {
            Worktree worktree = worktreeOf(branch).orElseThrow(() -> new ApiException(ErrorCode.FILE_NOT_CHANGED,
                    "Plan " + plan + " has no worktree, so no uncommitted changes", Map.of("path", path)));
            file = find(uncommitted(plan, worktree, diff.tip()).files(), plan, path);
            text = file.binary() ? Optional.empty() : git.uncommittedFileDiff(worktree.path(), file, MAX_DIFF_BYTES);
        } else {
            file = find(diff.files().files(), plan, path);
            text = file.binary() ? Optional.empty() : git.fileDiff(workspace.root(), diff.base(), diff.tip(), file, MAX_DIFF_BYTES);
        }
        if (!file.binary() && text.isEmpty()) {
            throw gitFailed("the diff of " + path);
        }
        return new ChangesResponses.FileDiff(plan, file.path(), file.oldPath(), file.status(), file.binary(), file.added(),
                file.removed(), fromWorktree, text.map(GitBranches.Diff::text).orElse(null),
                text.map(GitBranches.Diff::truncated).orElse(false));
    }

    private static GitBranches.FileChange find(List<GitBranches.FileChange> files, String plan, String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.FILE_NOT_CHANGED, "Plan " + plan + " did not change " + path,
                        Map.of("path", path)));
    }

    private ChangesResponses.Uncommitted uncommitted(String plan, Worktree worktree, String tip) {
        Optional<FileStamp> index = FileStamp.of(indexOf(worktree));
        long now = System.nanoTime();
        UncommittedEntry known = uncommitted.get(plan);
        if (known != null && known.tip().equals(tip) && known.index().equals(index)
                && now - known.computedAtNanos() < UNCOMMITTED_MAX_AGE_NANOS) {
            return known.value();
        }
        GitBranches.FileChanges files = git.uncommittedFiles(worktree.path(), MAX_FILES)
                .orElseThrow(() -> gitFailed("the uncommitted changes of " + worktree.path()));
        ChangesResponses.Uncommitted value = new ChangesResponses.Uncommitted(worktree.path().toString(),
                ChangesResponses.Totals.of(files.files()), files.files(), files.truncated());
        uncommitted.put(plan, new UncommittedEntry(tip, index, now, value));
        return value;
    }

    private Path indexOf(Worktree worktree) {
        Path common = git.commonDir().orElse(workspace.root().resolve(".git"));
        return worktree.main() ? common.resolve("index") : common.resolve("worktrees").resolve(worktree.adminName()).resolve("index");
    }

    /** The worktree that has the branch checked out, if any (a deleted one does not count). */
    private Optional<Worktree> worktreeOf(String branch) {
        CatalogSnapshot snapshot = catalog.snapshot();
        return snapshot.worktrees().stream().filter(w -> branch.equals(w.branch()) && !w.prunable()).findFirst();
    }

    Refs requireRefs() {
        Optional<Refs> now = refs();
        if (now.isEmpty()) {
            throw git.commonDir().isEmpty()
                    ? new ApiException(ErrorCode.NO_BRANCH, "The workspace is not a git repository", Map.of())
                    : gitFailed("the branches");
        }
        return now.get();
    }

    private String requireBranch(String plan, Refs now) {
        String branch = branchOf(plan);
        if (!now.tips().containsKey(branch)) {
            if (catalog.snapshot().plan(plan).isEmpty()) {
                throw new ApiException(ErrorCode.PLAN_NOT_FOUND, "Plan not found: " + plan, Map.of("plan", plan));
            }
            throw new ApiException(ErrorCode.NO_BRANCH, "Plan " + plan + " has no branch " + branch, Map.of("branch", branch));
        }
        if (now.mainBranch() == null) {
            throw new ApiException(ErrorCode.NO_BRANCH, "No main branch to compare " + branch + " with (main, master or "
                    + "planwatch.git.main-branch)", Map.of("branch", configuredMain.orElse("main")));
        }
        return branch;
    }

    static ApiException gitFailed(String what) {
        return new ApiException(ErrorCode.GIT_UNAVAILABLE, "git could not tell " + what + " (missing, failing, or slower than "
                + "planwatch.git.command-timeout)");
    }
}
