package dev.planwatch.changes;

import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.workspace.GitBranches;
import dev.planwatch.workspace.GitWorkflow;
import dev.planwatch.workspace.Workspace;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where plan branches collide: the files two or more of them change, a real dry-run merge of every
 * pair of them and of each with the main branch, and a merge order. Computed once per set of tips
 * (every plan branch's and the main branch's) and kept until a ref moves; the merge order, which
 * also weighs how complete each plan is, is put together on each request from the kept merges.
 */
@ApplicationScoped
public class ConflictReports {

    /** Pairs grow with the square of branches: past this many, the branches with the most recent names are left out. */
    static final int MAX_BRANCHES = 30;
    /** Dry-run merges at once: this is a laptop's service, not a build farm. */
    private static final int MERGE_THREADS = 2;

    private final BranchChanges changes;
    private final GitBranches git;
    private final Workspace workspace;
    private final PlanCatalog catalog;
    private final ExecutorService merges = Executors.newFixedThreadPool(MERGE_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "planwatch-dry-merge");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Merges cached;
    /** The last report served, handed out again (the same instance) while neither merges nor progress changed. */
    private volatile Served served;

    private record Served(Merges merges, List<Integer> percentages, ChangesResponses.ConflictReport report) {
    }

    /** The tips a report was computed for. */
    private record Key(String mainBranch, String mainTip, Map<String, String> planTips) {
    }

    /**
     * The part of the report that depends on git only; not {@code complete} when a git command did
     * not answer (a report made under a passing overload is not kept: the next request asks again).
     */
    record Merges(Key key, List<ChangesResponses.BranchWork> branches, List<ChangesResponses.OverlapFile> overlaps,
                  List<ChangesResponses.Pair> pairs, List<String> warnings, boolean complete) {
    }

    public ConflictReports(BranchChanges changes, GitBranches git, Workspace workspace, PlanCatalog catalog) {
        this.changes = changes;
        this.git = git;
        this.workspace = workspace;
        this.catalog = catalog;
    }

    void onStop(@Observes ShutdownEvent event) {
        merges.shutdownNow();
    }

    /** {@code GET /api/worktrees/conflicts}. */
    public ChangesResponses.ConflictReport report() {
        Optional<BranchChanges.Refs> refs = changes.refs();
        if (refs.isEmpty()) {
            // A report, not a failure: the page shows why there is nothing to compare.
            return empty(null, git.commonDir().isEmpty() ? "The workspace is not a git repository: no branches to compare"
                    : "git could not read the branches (missing, failing, or slower than planwatch.git.command-timeout)");
        }
        if (refs.get().mainBranch() == null) {
            return empty(null, "No main branch (main, master or planwatch.git.main-branch): nothing to merge into");
        }
        Merges merged = merges(refs.get());
        CatalogSnapshot snapshot = catalog.snapshot();
        List<Integer> percentages = merged.branches().stream()
                .map(work -> snapshot.plan(work.plan()).map(plan -> plan.progress().percentage()).orElse(-1)).toList();
        Served last = served;
        if (last != null && last.merges() == merged && last.percentages().equals(percentages)) {
            return last.report();
        }
        ChangesResponses.ConflictReport report = new ChangesResponses.ConflictReport(merged.key().mainBranch(),
                merged.key().mainTip(), merged.branches(), merged.overlaps(), merged.pairs(), mergeOrder(merged, snapshot),
                merged.warnings());
        served = new Served(merged, percentages, report);
        return report;
    }

    private static ChangesResponses.ConflictReport empty(String mainBranch, String warning) {
        return new ChangesResponses.ConflictReport(mainBranch, null, List.of(), List.of(), List.of(), List.of(), List.of(warning));
    }

    /** The dry-run merges for the branches as they are now, computed if a tip moved since the last time. */
    synchronized Merges merges(BranchChanges.Refs refs) {
        GitWorkflow workflow = catalog.snapshot().gitWorkflow();
        Map<String, String> planTips = new TreeMap<>();
        refs.tips().forEach((branch, tip) -> {
            if (!branch.equals(refs.mainBranch()) && workflow.planOf(branch).isPresent()) {
                planTips.put(branch, tip);
            }
        });
        Key key = new Key(refs.mainBranch(), refs.mainTip(), planTips);
        Merges known = cached;
        if (known != null && known.key().equals(key)) {
            return known;
        }
        Merges computed = compute(refs, key, workflow);
        if (computed.complete()) {
            cached = computed;
        }
        return computed;
    }

    private Merges compute(BranchChanges.Refs refs, Key key, GitWorkflow workflow) {
        List<String> warnings = new ArrayList<>();
        List<ChangesResponses.BranchWork> branches = new ArrayList<>();
        Map<String, BranchChanges.BranchDiff> diffs = new HashMap<>();
        boolean answered = true;
        for (String branch : key.planTips().keySet()) {
            Optional<BranchChanges.BranchDiff> diff = changes.diff(refs, branch);
            if (diff.isEmpty()) {
                warnings.add("git could not tell what " + branch + " changed; it is left out");
                answered = false;
                continue;
            }
            if (!diff.get().hasWork()) {
                continue;
            }
            if (branches.size() == MAX_BRANCHES) {
                warnings.add("More than " + MAX_BRANCHES + " plan branches have work: only the first " + MAX_BRANCHES
                        + " by name are compared");
                break;
            }
            diffs.put(branch, diff.get());
            branches.add(new ChangesResponses.BranchWork(branch, workflow.planOf(branch).orElseThrow(), diff.get().tip(),
                    diff.get().base(), diff.get().commits().total(), diff.get().totals()));
        }
        Map<String, Set<String>> touched = new HashMap<>();
        Map<String, List<ChangesResponses.OverlapBranch>> byPath = new TreeMap<>();
        for (ChangesResponses.BranchWork work : branches) {
            Set<String> paths = new LinkedHashSet<>();
            for (GitBranches.FileChange file : diffs.get(work.branch()).files().files()) {
                ChangesResponses.OverlapBranch change = new ChangesResponses.OverlapBranch(work.branch(), work.plan(), file.status(),
                        file.added(), file.removed());
                for (String path : file.oldPath() == null ? List.of(file.path()) : List.of(file.oldPath(), file.path())) {
                    if (paths.add(path)) {
                        byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(change);
                    }
                }
            }
            touched.put(work.branch(), paths);
        }
        List<ChangesResponses.OverlapFile> overlaps = new ArrayList<>();
        byPath.forEach((path, changers) -> {
            if (changers.size() > 1) {
                overlaps.add(new ChangesResponses.OverlapFile(path, List.copyOf(changers)));
            }
        });
        int warningsBefore = warnings.size();
        AtomicBoolean unanswered = new AtomicBoolean();
        List<ChangesResponses.Pair> pairs = dryMerges(branches, touched, mainChanges(branches, key.mainTip()), key, warnings, unanswered);
        boolean complete = answered && warnings.size() == warningsBefore && !unanswered.get();
        return new Merges(key, List.copyOf(branches), List.copyOf(overlaps), pairs, List.copyOf(warnings), complete);
    }

    /** What the main branch changed since each branch's base: a branch and main overlap where both changed a file. */
    private Map<String, Set<String>> mainChanges(List<ChangesResponses.BranchWork> branches, String mainTip) {
        Map<String, Set<String>> byBase = new HashMap<>();
        for (ChangesResponses.BranchWork work : branches) {
            byBase.computeIfAbsent(work.base(), base -> {
                Set<String> paths = new LinkedHashSet<>();
                if (!base.equals(mainTip)) {
                    git.changedFiles(workspace.root(), base, mainTip, BranchChanges.MAX_FILES).ifPresent(files -> files.files()
                            .forEach(file -> {
                                paths.add(file.path());
                                if (file.oldPath() != null) {
                                    paths.add(file.oldPath());
                                }
                            }));
                }
                return paths;
            });
        }
        return byBase;
    }

    private List<ChangesResponses.Pair> dryMerges(List<ChangesResponses.BranchWork> branches, Map<String, Set<String>> touched,
                                                  Map<String, Set<String>> mainChanged, Key key, List<String> warnings,
                                                  AtomicBoolean unanswered) {
        List<Callable<ChangesResponses.Pair>> tasks = new ArrayList<>();
        Path repository = workspace.root();
        try (GitBranches.Scratch scratch = git.scratch()) {
            for (int i = 0; i < branches.size(); i++) {
                ChangesResponses.BranchWork a = branches.get(i);
                for (int j = i + 1; j < branches.size(); j++) {
                    ChangesResponses.BranchWork b = branches.get(j);
                    tasks.add(() -> pair(a.branch(), b.branch(), false, noted(git.dryMerge(repository, scratch, a.tip(), b.tip()), unanswered),
                            common(touched.get(a.branch()), touched.get(b.branch()))));
                }
                tasks.add(() -> pair(a.branch(), key.mainBranch(), true,
                        noted(git.dryMerge(repository, scratch, a.tip(), key.mainTip()), unanswered),
                        common(touched.get(a.branch()), mainChanged.getOrDefault(a.base(), Set.of()))));
            }
            List<ChangesResponses.Pair> pairs = new ArrayList<>();
            for (Future<ChangesResponses.Pair> done : merges.invokeAll(tasks)) {
                pairs.add(done.get());
            }
            return List.copyOf(pairs);
        } catch (IOException e) {
            warnings.add("No scratch directory for the dry-run merges: " + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warnings.add("The dry-run merges were interrupted (planwatch is stopping)");
            return List.of();
        } catch (ExecutionException e) {
            throw new IllegalStateException("A dry-run merge failed", e.getCause());
        }
    }

    private static GitBranches.DryMerge noted(GitBranches.DryMerge merge, AtomicBoolean unanswered) {
        if (merge.unanswered()) {
            unanswered.set(true);
        }
        return merge;
    }

    private static ChangesResponses.Pair pair(String a, String b, boolean withMain, GitBranches.DryMerge merge, List<String> overlapping) {
        String severity = merge.error() != null ? "unknown" : !merge.clean() ? "conflict" : overlapping.isEmpty() ? "none" : "overlap";
        return new ChangesResponses.Pair(a, b, withMain, severity, merge.conflicts(), overlapping, merge.error());
    }

    private static List<String> common(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).sorted().toList();
    }

    /**
     * Fewest conflicts first: a branch that merges cleanly into the main branch before one that does
     * not, then the branch that conflicts with the fewest other branches, then the most complete
     * plan (it is the likeliest to be finished and merged), then by name.
     */
    static List<ChangesResponses.MergeStep> mergeOrder(Merges merged, CatalogSnapshot snapshot) {
        record Standing(ChangesResponses.BranchWork work, ChangesResponses.Pair withMain, List<String> conflictsWith,
                        List<String> overlapsWith, Integer percentage) {
        }
        List<Standing> standings = new ArrayList<>();
        for (ChangesResponses.BranchWork work : merged.branches()) {
            ChangesResponses.Pair withMain = null;
            List<String> conflicts = new ArrayList<>();
            List<String> overlaps = new ArrayList<>();
            for (ChangesResponses.Pair pair : merged.pairs()) {
                boolean mine = pair.a().equals(work.branch()) || (!pair.withMain() && pair.b().equals(work.branch()));
                if (!mine) {
                    continue;
                }
                if (pair.withMain()) {
                    withMain = pair;
                    continue;
                }
                String other = pair.a().equals(work.branch()) ? pair.b() : pair.a();
                if (pair.severity().equals("conflict")) {
                    conflicts.add(other);
                } else if (pair.severity().equals("overlap")) {
                    overlaps.add(other);
                }
            }
            Integer percentage = snapshot.plan(work.plan()).map(PlanView::progress).map(p -> p.percentage()).orElse(null);
            standings.add(new Standing(work, withMain, conflicts, overlaps, percentage));
        }
        standings.sort(Comparator.<Standing, Boolean>comparing(s -> s.withMain() != null && s.withMain().severity().equals("conflict"))
                .thenComparing(s -> s.conflictsWith().size())
                .thenComparing(s -> s.percentage() == null ? -1 : s.percentage(), Comparator.reverseOrder())
                .thenComparing(s -> s.work().branch()));
        List<ChangesResponses.MergeStep> steps = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (Standing s : standings) {
            List<String> reasons = new ArrayList<>();
            if (s.withMain() != null && s.withMain().severity().equals("conflict")) {
                reasons.add("conflicts with " + merged.key().mainBranch() + " in " + files(s.withMain().conflicts().size())
                        + ": merge " + merged.key().mainBranch() + " into it first");
            } else if (s.withMain() != null && s.withMain().severity().equals("unknown")) {
                reasons.add("its merge into " + merged.key().mainBranch() + " could not be tried");
            } else {
                reasons.add("merges cleanly into " + merged.key().mainBranch());
            }
            if (s.conflictsWith().isEmpty()) {
                reasons.add("conflicts with no other plan branch");
            } else {
                List<String> earlier = s.conflictsWith().stream().filter(before::contains).toList();
                reasons.add("conflicts with " + String.join(", ", s.conflictsWith())
                        + (earlier.isEmpty() ? "" : ", merged before it: resolve the conflicts when merging this one"));
            }
            if (!s.overlapsWith().isEmpty()) {
                reasons.add("shares files with " + String.join(", ", s.overlapsWith()) + ", merging cleanly");
            }
            reasons.add(s.percentage() == null ? "its plan is not in the workspace" : "plan " + s.percentage() + "% complete");
            steps.add(new ChangesResponses.MergeStep(steps.size() + 1, s.work().branch(), s.work().plan(), s.percentage(),
                    String.join("; ", reasons)));
            before.add(s.work().branch());
        }
        return List.copyOf(steps);
    }

    private static String files(int count) {
        return count == 1 ? "1 file" : count + " files";
    }

    /** The event's summary of a report: its counts and the merge order. */
    static ChangesResponses.ConflictsData summary(ChangesResponses.ConflictReport report) {
        int conflicting = 0;
        int overlapping = 0;
        int withMain = 0;
        for (ChangesResponses.Pair pair : report.pairs()) {
            boolean conflict = pair.severity().equals("conflict");
            if (pair.withMain()) {
                withMain += conflict ? 1 : 0;
            } else {
                conflicting += conflict ? 1 : 0;
                overlapping += pair.severity().equals("overlap") ? 1 : 0;
            }
        }
        return new ChangesResponses.ConflictsData(report.branches().size(), conflicting, overlapping, withMain,
                report.mergeOrder().stream().map(ChangesResponses.MergeStep::branch).toList());
    }
}
