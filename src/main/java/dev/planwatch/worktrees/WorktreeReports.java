package dev.planwatch.worktrees;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.workspace.FileStamp;
import dev.planwatch.workspace.GitCommands;
import dev.planwatch.workspace.GitWorkflow;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.Worktree;
import dev.planwatch.workspace.WorktreePorcelain;
import dev.planwatch.workspace.WorktreeReader;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan worktrees ({@code branch_prefix + plan}, the main checkout excluded), their age from
 * the last commit, stale and abandoned, and the limits a new worktree would meet. Git runs here,
 * on worker threads, with a timeout; the report is kept until git's administrative files change
 * (or {@code planwatch.git.cache-max-age} passes), so polling dashboards cost a few stat calls.
 */
@ApplicationScoped
public class WorktreeReports {

    private static final long MB = 1024 * 1024;

    private final Workspace workspace;
    private final WorktreeReader reader;
    private final GitCommands git;
    private final PlanCatalog catalog;
    private final Duration maxAge;
    private Cached cached;

    private record Cached(List<Object> fingerprint, long computedAt, Report report) {
    }

    /** The worktree list with the warnings found while making it. */
    record Report(List<WorktreeResponses.Item> items, List<String> warnings) {
    }

    public WorktreeReports(Workspace workspace, WorktreeReader reader, GitCommands git, PlanCatalog catalog, PlanwatchConfig config) {
        this.workspace = workspace;
        this.reader = reader;
        this.git = git;
        this.catalog = catalog;
        this.maxAge = config.git().cacheMaxAge();
    }

    public WorktreeResponses.WorktreeList worktrees() {
        Report report = report();
        int active = 0;
        int stale = 0;
        int abandoned = 0;
        for (WorktreeResponses.Item item : report.items()) {
            active += item.status().equals("active") ? 1 : 0;
            stale += item.age().isStale() ? 1 : 0;
            abandoned += item.status().equals("abandoned") ? 1 : 0;
        }
        return new WorktreeResponses.WorktreeList(report.items(),
                new WorktreeResponses.Summary(report.items().size(), active, stale, abandoned), report.warnings());
    }

    public WorktreeResponses.Resources resources() {
        Report report = report();
        GitWorkflow workflow = catalog.snapshot().gitWorkflow();
        List<String> warnings = new ArrayList<>(report.warnings());
        int current = report.items().size();
        WorktreeResponses.ConcurrentWorktrees concurrent = new WorktreeResponses.ConcurrentWorktrees(
                current, workflow.maxConcurrentWorktrees(), current < workflow.maxConcurrentWorktrees());
        WorktreeResponses.DiskSpace disk = diskSpace(workflow, warnings);
        List<String> staleNames = report.items().stream().filter(i -> i.age().isStale()).map(WorktreeResponses.Item::name).toList();
        List<String> abandonedNames = report.items().stream().filter(i -> i.status().equals("abandoned"))
                .map(WorktreeResponses.Item::name).toList();
        if (!staleNames.isEmpty()) {
            warnings.add(staleNames.size() + " stale worktree(s) found. Consider running cleanup.");
        }
        return new WorktreeResponses.Resources(
                new WorktreeResponses.Limits(concurrent, disk),
                new WorktreeResponses.WorktreeCounts(current, staleNames.size(), abandonedNames.size(), staleNames, abandonedNames),
                List.copyOf(warnings),
                concurrent.canCreate() && disk.sufficient());
    }

    private synchronized Report report() {
        List<Object> fingerprint = fingerprint();
        long now = System.nanoTime();
        if (cached != null && cached.fingerprint().equals(fingerprint) && now - cached.computedAt() < maxAge.toNanos()) {
            return cached.report();
        }
        Report report = compute();
        cached = new Cached(fingerprint, now, report);
        return report;
    }

    private Report compute() {
        CatalogSnapshot snapshot = catalog.snapshot();
        int staleDays = snapshot.gitWorkflow().staleDays();
        List<String> warnings = new ArrayList<>();
        Optional<String> porcelain = git.run(workspace.root(), "worktree", "list", "--porcelain");
        List<Worktree> worktrees = porcelain.map(WorktreePorcelain::parse).orElseGet(reader::list);
        if (porcelain.isEmpty() && !worktrees.isEmpty()) {
            warnings.add("git is not available: worktrees read from git's files, ages unknown");
        }
        List<WorktreeResponses.Item> items = new ArrayList<>();
        Instant now = Instant.now();
        for (Worktree worktree : worktrees) {
            Optional<String> planOfBranch = worktree.main() ? Optional.empty() : snapshot.gitWorkflow().planOf(worktree.branch());
            if (planOfBranch.isEmpty()) {
                continue;
            }
            String plan = planOfBranch.get();
            Optional<Instant> lastCommit = worktree.prunable() || porcelain.isEmpty() ? Optional.empty()
                    : git.run(worktree.path(), "log", "-1", "--format=%ct").map(String::strip).flatMap(WorktreeReports::epochSeconds);
            Integer days = lastCommit.map(c -> (int) Duration.between(c, now).toDays()).orElse(null);
            boolean stale = days != null && days >= staleDays;
            boolean abandoned = stale && !hasTaskInProgress(snapshot, plan) && isClean(worktree.path());
            String status = worktree.prunable() ? "prunable" : abandoned ? "abandoned" : stale ? "stale" : "active";
            items.add(new WorktreeResponses.Item("plan-" + plan, worktree.path().toString(), worktree.branch(), plan, status,
                    new WorktreeResponses.Age(days, stale, lastCommit.map(Instant::toString).orElse(null))));
        }
        return new Report(List.copyOf(items), List.copyOf(warnings));
    }

    private static boolean hasTaskInProgress(CatalogSnapshot snapshot, String plan) {
        return snapshot.plan(plan).map(PlanView::progress).map(p -> p.inProgress() > 0).orElse(false);
    }

    private boolean isClean(Path worktree) {
        return git.run(worktree, "status", "--porcelain").map(String::isBlank).orElse(false);
    }

    private static Optional<Instant> epochSeconds(String text) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Free space where new worktrees go (the worktrees directory, else the workspace), via the file store. */
    private WorktreeResponses.DiskSpace diskSpace(GitWorkflow workflow, List<String> warnings) {
        if (!workflow.checkDiskSpace()) {
            return new WorktreeResponses.DiskSpace(0, 0, true);
        }
        Path target = workspace.root();
        Path worktreesDir = workspace.root().resolve(workflow.worktreesDirectory()).normalize();
        if (worktreesDir.startsWith(workspace.root()) && Files.isDirectory(worktreesDir)) {
            target = worktreesDir;
        }
        try {
            long available = Files.getFileStore(target).getUsableSpace() / MB;
            boolean sufficient = available >= workflow.minDiskSpaceMb();
            if (!sufficient) {
                warnings.add("Insufficient disk space: " + available + "MB available (required: " + workflow.minDiskSpaceMb() + "MB)");
            } else if (available < workflow.warnDiskSpaceMb()) {
                warnings.add("Low disk space warning: " + available + "MB available (threshold: " + workflow.warnDiskSpaceMb() + "MB)");
            }
            return new WorktreeResponses.DiskSpace(available, workflow.minDiskSpaceMb(), sufficient);
        } catch (IOException e) {
            warnings.add("Could not check disk space: " + e.getMessage());
            return new WorktreeResponses.DiskSpace(0, workflow.minDiskSpaceMb(), true);
        }
    }

    /** Stamps of the files git changes on a commit, checkout, add or worktree add/remove, in any worktree. */
    private List<Object> fingerprint() {
        List<Object> stamps = new ArrayList<>();
        Optional<Path> common = reader.commonDir();
        if (common.isEmpty()) {
            return stamps;
        }
        Path dir = common.get();
        stamp(stamps, dir.resolve("HEAD"), dir.resolve("index"), dir.resolve("packed-refs"), dir.resolve("logs/HEAD"));
        // A worktree added or removed adds or drops its administrative files below.
        Path admin = dir.resolve("worktrees");
        if (Files.isDirectory(admin)) {
            try (DirectoryStream<Path> linked = Files.newDirectoryStream(admin)) {
                for (Path worktree : linked) {
                    stamp(stamps, worktree.resolve("HEAD"), worktree.resolve("index"), worktree.resolve("logs/HEAD"),
                            worktree.resolve("gitdir"), worktree.resolve("locked"));
                }
            } catch (IOException e) {
                stamps.add(e.getClass().getName());
            }
        }
        stamps.add(catalog.snapshot().gitWorkflow());
        return stamps;
    }

    private static void stamp(List<Object> stamps, Path... files) {
        for (Path file : files) {
            stamps.add(file);
            stamps.add(FileStamp.of(file));
        }
    }
}
