package dev.planwatch.worktrees;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.registry.RegistryTracker;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.GitCommands;
import dev.planwatch.workspace.GitWorkflow;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.StatusFileInitialiser;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.Worktree;
import dev.planwatch.workspace.WorktreeReader;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Creates and removes plans' worktrees the way the original tools do: {@code git worktree add
 * <worktrees>/plan-<plan> -b plan/<plan>} (or on the existing branch), the worktree's
 * {@code .claude-context/current-plan.txt} and git-workflow.json copy, the plan's status initialised
 * there; removal by {@code git worktree remove} and {@code prune}, the branch deleted only when
 * merged. Only directories under the worktrees directory are ever removed, and never one whose
 * orchestrator runs. One worktree operation at a time. Blocking: worker threads only.
 */
@ApplicationScoped
public class PlanWorktrees {

    private static final Logger LOG = Logger.getLogger(PlanWorktrees.class);
    private static final String CONTEXT_DIR = ".claude-context";
    private static final String WORKTREE_NAME_PREFIX = "plan-";

    /** A plan's worktree ready for its orchestrator: its name, its path relative to the root, its branch, and whether it was made now. */
    public record Prepared(String name, String path, String branch, boolean created) {
    }

    /** What a removal did. */
    public record Removed(String name, String path, String branch, boolean branchDeleted, boolean forced) {
    }

    private final Workspace workspace;
    private final WorktreeReader reader;
    private final GitCommands git;
    private final PlanCatalog catalog;
    private final RegistryTracker tracker;
    private final WorktreeReports reports;
    private final ReentrantLock operations = new ReentrantLock();

    public PlanWorktrees(Workspace workspace, WorktreeReader reader, GitCommands git, PlanCatalog catalog,
                         RegistryTracker tracker, WorktreeReports reports) {
        this.workspace = workspace;
        this.reader = reader;
        this.git = git;
        this.catalog = catalog;
        this.tracker = tracker;
        this.reports = reports;
    }

    /**
     * The plan's worktree for a start: the existing one on {@code plan/<plan>}, else a new one
     * (on the branch if it exists already), within the limits.
     */
    public Prepared forStart(String plan) {
        return locked(() -> {
            GitWorkflow workflow = catalog.snapshot().gitWorkflow();
            Optional<Worktree> existing = planWorktree(plan, workflow);
            if (existing.isPresent()) {
                writeContext(plan, existing.get().path());
                return prepared(plan, existing.get().path(), workflow.branchOf(plan), false);
            }
            return create(plan, branchExists(workflow.branchOf(plan)), workflow);
        });
    }

    /** {@code POST /api/worktrees/{name}}: a new worktree for the plan; {@code attach} puts it on the existing branch. */
    public Prepared create(String plan, boolean attach) {
        return locked(() -> {
            GitWorkflow workflow = catalog.snapshot().gitWorkflow();
            String branch = workflow.branchOf(plan);
            Optional<Worktree> existing = planWorktree(plan, workflow);
            if (existing.isPresent()) {
                throw new ApiException(ErrorCode.WORKTREE_EXISTS, "Plan " + plan + " already has a worktree",
                        details("path", workspace.relative(existing.get().path())));
            }
            boolean branchExists = branchExists(branch);
            if (branchExists && !attach) {
                throw new ApiException(ErrorCode.WORKTREE_EXISTS, "Branch " + branch
                        + " exists already: create the worktree with attach true to check it out", details("branch", branch));
            }
            if (!branchExists && attach) {
                throw new ApiException(ErrorCode.WORKTREE_NOT_FOUND, "There is no branch " + branch + " to attach",
                        details("branch", branch));
            }
            return create(plan, branchExists, workflow);
        });
    }

    private Prepared create(String plan, boolean onExistingBranch, GitWorkflow workflow) {
        requirePlan(plan);
        Path path = workspace.planWorktree(workflow, plan);
        requireUnderWorktreesDir(path, workflow);
        if (Files.exists(path)) {
            throw new ApiException(ErrorCode.WORKTREE_EXISTS, "Directory " + workspace.relative(path)
                    + " exists and is not the worktree of branch " + workflow.branchOf(plan), details("path", workspace.relative(path)));
        }
        requireRoom();
        String branch = workflow.branchOf(plan);
        String relative = workspace.relative(path);
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INTERNAL_ERROR, "Cannot create " + workspace.relative(path.getParent()) + ": " + e.getMessage());
        }
        GitCommands.Outcome added = onExistingBranch
                ? gitChange("worktree", "add", relative, branch)
                : gitChange("worktree", "add", relative, "-b", branch);
        if (!added.succeeded()) {
            throw new ApiException(ErrorCode.WORKTREE_EXISTS, "git worktree add failed: " + added.output().strip(),
                    details("branch", branch));
        }
        LOG.infof("Created worktree %s on %s", relative, branch);
        writeContext(plan, path);
        return prepared(plan, path, branch, true);
    }

    /**
     * The worktree's pointer and git-workflow.json copy, and the plan's status when it has none, as the
     * original's {@code /plan:worktree create} leaves them. An existing pointer naming the plan is kept.
     */
    private void writeContext(String plan, Path worktree) {
        String planPath = workspace.planPath(plan);
        try {
            Path pointer = Workspace.contextPlanFile(worktree);
            Files.createDirectories(pointer.getParent());
            if (!Files.isRegularFile(pointer) || !Files.readString(pointer, StandardCharsets.UTF_8).strip().equals(planPath)) {
                replace(pointer, planPath + "\n");
            }
            if (Files.isRegularFile(workspace.gitWorkflowFile())) {
                Files.copy(workspace.gitWorkflowFile(), Workspace.contextGitWorkflowFile(worktree), StandardCopyOption.REPLACE_EXISTING);
            }
            Path status = workspace.statusFileIn(worktree, plan);
            Path markdown = worktree.resolve(planPath);
            StatusFileInitialiser.initialise(status, Files.isRegularFile(markdown) ? markdown : workspace.planMarkdown(plan), planPath, plan);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.START_FAILED, "Could not prepare worktree " + workspace.relative(worktree) + ": "
                    + e.getMessage(), details("path", workspace.relative(worktree)));
        }
    }

    private static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * {@code DELETE /api/worktrees/{name}}: refused while its orchestrator runs (force or not), and
     * without {@code force} while it has uncommitted changes or commits the main branch lacks.
     */
    public Removed remove(String name, boolean force) {
        return locked(() -> {
            GitWorkflow workflow = catalog.snapshot().gitWorkflow();
            // the plan's name, or the worktree's as /api/worktrees lists it (plan-<plan>)
            Optional<Worktree> found = planWorktree(name, workflow);
            String plan = name;
            if (found.isEmpty() && name.startsWith(WORKTREE_NAME_PREFIX) && Names.isPlanName(name.substring(WORKTREE_NAME_PREFIX.length()))) {
                plan = name.substring(WORKTREE_NAME_PREFIX.length());
                found = planWorktree(plan, workflow);
            }
            Worktree worktree = found.orElseThrow(() -> new ApiException(ErrorCode.WORKTREE_NOT_FOUND,
                    "Plan " + name + " has no worktree", details("plan", name)));
            Path path = worktree.path();
            requireUnderWorktreesDir(path, workflow);
            String relative = workspace.relative(path);
            requireNotRunning(plan, path);
            String branch = worktree.branch();
            List<String> changes = uncommittedChanges(path);
            if (!force && !changes.isEmpty()) {
                Map<String, Object> details = details("path", relative);
                details.put("changes", changes);
                throw new ApiException(ErrorCode.WORKTREE_DIRTY, "Worktree " + relative + " has " + changes.size()
                        + " uncommitted change(s), lost if it is removed (force=true removes it anyway)", details);
            }
            List<String> unmerged = unmergedCommits(branch);
            if (!force && !unmerged.isEmpty()) {
                Map<String, Object> details = details("branch", branch);
                details.put("commits", unmerged);
                details.put("mainBranch", mainBranch());
                throw new ApiException(ErrorCode.WORKTREE_UNMERGED, "Branch " + branch + " has " + unmerged.size()
                        + " commit(s) not in " + mainBranch() + " (force=true removes the worktree; the branch is kept)", details);
            }
            // planwatch's own context files are not the user's work: they do not make the worktree dirty
            deleteTree(path.resolve(CONTEXT_DIR));
            GitCommands.Outcome removed = force
                    ? gitChange("worktree", "remove", "--force", relative)
                    : gitChange("worktree", "remove", relative);
            if (!removed.succeeded()) {
                throw new ApiException(ErrorCode.WORKTREE_DIRTY, "git worktree remove refused: " + removed.output().strip(),
                        details("path", relative));
            }
            gitChange("worktree", "prune");
            // -d deletes only a branch merged into the main checkout's HEAD: unmerged work is kept
            boolean branchDeleted = branch != null && gitChange("branch", "-d", branch).succeeded();
            LOG.infof("Removed worktree %s (branch %s %s)", relative, branch, branchDeleted ? "deleted" : "kept");
            return new Removed(WORKTREE_NAME_PREFIX + plan, relative, branch, branchDeleted, force);
        });
    }

    private void requireNotRunning(String plan, Path worktree) {
        RegistryView registry = tracker.read();
        for (RegistryView.TrackedEntry tracked : registry.entries()) {
            if (tracked.running() && (plan.equals(tracked.entry().plan()) || runsIn(tracked, worktree))) {
                Map<String, Object> details = details("plan", plan);
                details.put("pid", tracked.entry().pid());
                details.put("orchestratorId", tracked.entry().id());
                throw new ApiException(ErrorCode.WORKTREE_BUSY, "The orchestrator of plan " + plan
                        + " runs; stop it before removing its worktree", details);
            }
        }
    }

    private static boolean runsIn(RegistryView.TrackedEntry tracked, Path worktree) {
        String path = tracked.entry().worktreePath();
        return path != null && Path.of(path).toAbsolutePath().normalize().equals(worktree);
    }

    /** {@code git status --porcelain} lines, planwatch's context directory left out. */
    private List<String> uncommittedChanges(Path worktree) {
        String status = git.run(worktree, "status", "--porcelain", "--untracked-files=all")
                .orElseThrow(() -> new ApiException(ErrorCode.INTERNAL_ERROR, "git status failed in " + workspace.relative(worktree)));
        return status.lines().filter(line -> !line.isBlank())
                .filter(line -> !line.substring(Math.min(3, line.length())).startsWith(CONTEXT_DIR + "/"))
                .toList();
    }

    /** The branch's commits the main branch lacks, {@code <short sha> <subject>}, newest first (at most 50). */
    private List<String> unmergedCommits(String branch) {
        if (branch == null) {
            return List.of();
        }
        return git.run(workspace.root(), "log", "--max-count=50", "--format=%h %s", mainBranch() + ".." + branch)
                .map(out -> out.lines().filter(line -> !line.isBlank()).toList())
                .orElse(List.of());
    }

    /** The main checkout's branch (the one plans are merged into). */
    private String mainBranch() {
        return reader.list().stream().filter(Worktree::main).map(Worktree::branch).filter(b -> b != null)
                .findFirst().orElse("main");
    }

    /** The plan's worktree: the linked worktree on its branch, else the one at its directory. */
    private Optional<Worktree> planWorktree(String plan, GitWorkflow workflow) {
        requirePlan(plan);
        String branch = workflow.branchOf(plan);
        Path path = workspace.planWorktree(workflow, plan);
        List<Worktree> linked = reader.list().stream().filter(w -> !w.main()).toList();
        Optional<Worktree> onBranch = linked.stream().filter(w -> branch.equals(w.branch()) && !w.prunable()).findFirst();
        if (onBranch.isPresent()) {
            return onBranch;
        }
        Optional<Worktree> atPath = linked.stream().filter(w -> w.path().equals(path) && !w.prunable()).findFirst();
        if (atPath.isPresent()) {
            throw new ApiException(ErrorCode.WORKTREE_EXISTS, "Worktree " + workspace.relative(path) + " is on branch "
                    + atPath.get().branch() + ", not " + branch, details("path", workspace.relative(path)));
        }
        return Optional.empty();
    }

    private Prepared prepared(String plan, Path path, String branch, boolean created) {
        return new Prepared(WORKTREE_NAME_PREFIX + plan, workspace.relative(path), branch, created);
    }

    private boolean branchExists(String branch) {
        return git.run(workspace.root(), "rev-parse", "--verify", "--quiet", "refs/heads/" + branch).isPresent();
    }

    /** The limits of git-workflow.json, as {@code /api/resources} reports them. */
    private void requireRoom() {
        WorktreeResponses.Limits limits = reports.resources().limits();
        WorktreeResponses.ConcurrentWorktrees concurrent = limits.concurrentWorktrees();
        if (!concurrent.canCreate()) {
            Map<String, Object> details = details("current", concurrent.current());
            details.put("maximum", concurrent.max());
            throw new ApiException(ErrorCode.RESOURCE_EXHAUSTED, concurrent.current() + " plan worktrees exist, the maximum is "
                    + concurrent.max() + " (worktrees.max_concurrent in .claude/git-workflow.json)", details);
        }
        WorktreeResponses.DiskSpace disk = limits.diskSpace();
        if (!disk.sufficient()) {
            Map<String, Object> details = details("availableMB", disk.availableMB());
            details.put("requiredMB", disk.requiredMB());
            throw new ApiException(ErrorCode.INSUFFICIENT_DISK, disk.availableMB() + " MB free where worktrees go, "
                    + disk.requiredMB() + " MB required (resources.min_disk_space_mb in .claude/git-workflow.json)", details);
        }
    }

    private void requireUnderWorktreesDir(Path path, GitWorkflow workflow) {
        Path dir = workspace.worktreesDir(workflow);
        if (!dir.startsWith(workspace.root()) || dir.equals(workspace.root()) || !path.normalize().startsWith(dir)
                || !workspace.isContained(path)) {
            throw ApiException.invalid("The worktree " + path.getFileName() + " is not under the worktrees directory "
                    + workflow.worktreesDirectory() + " of the workspace");
        }
    }

    private static void requirePlan(String plan) {
        if (!Names.isPlanName(plan)) {
            throw ApiException.invalid("Invalid plan name: must match [A-Za-z0-9_-]+", "name");
        }
    }

    private GitCommands.Outcome gitChange(String... args) {
        return git.change(workspace.root(), args)
                .orElseThrow(() -> new ApiException(ErrorCode.INTERNAL_ERROR, "git is not available or timed out (git "
                        + args[0] + " " + (args.length > 1 ? args[1] : "") + ")"));
    }

    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", dir, e.getMessage());
        }
    }

    private <T> T locked(java.util.function.Supplier<T> operation) {
        operations.lock();
        try {
            return operation.get();
        } finally {
            operations.unlock();
        }
    }

    private static Map<String, Object> details(String key, Object value) {
        Map<String, Object> details = new HashMap<>();
        details.put(key, value);
        return details;
    }
}
