package dev.planwatch.plans.catalog;

import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.registry.RegistryTracker;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.CurrentPlanReader;
import dev.planwatch.workspace.FileParseCache;
import dev.planwatch.workspace.GitWorkflow;
import dev.planwatch.workspace.GitWorkflowReader;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.ParsedFile;
import dev.planwatch.workspace.PlanMarkdown;
import dev.planwatch.workspace.PlanMarkdownReader;
import dev.planwatch.workspace.StatusFileReader;
import dev.planwatch.workspace.StatusReadGate;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.Worktree;
import dev.planwatch.workspace.WorktreeReader;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory view of the workspace. Only the change detector refreshes it (re-reading just
 * what changed, through stamp-keyed parse caches); requests read the published immutable
 * {@link CatalogSnapshot} and never touch the disk.
 */
@ApplicationScoped
public class PlanCatalog {

    private record Inputs(RegistryView registry, List<Worktree> worktrees, GitWorkflow gitWorkflow, String currentPlan) {
    }

    private final Workspace workspace;
    private final StatusRecords records;
    private final PlanMarkdownReader markdownReader;
    private final RegistryTracker registryTracker;
    private final WorktreeReader worktreeReader;
    private final GitWorkflowReader gitWorkflowReader;
    private final CurrentPlanReader currentPlanReader;

    /** Below this many plans the first scan is not worth spreading over threads. */
    private static final int PARALLEL_SCAN_MIN_PLANS = 8;
    /** Each status.json's digest by its last version; the full records go to {@link StatusRecords}. */
    private final FileParseCache<StatusDigest> statusVersions;
    private final StatusReadGate gate;
    private volatile CatalogSnapshot current;

    public PlanCatalog(Workspace workspace, StatusRecords records, PlanMarkdownReader markdownReader,
                       RegistryTracker registryTracker, WorktreeReader worktreeReader,
                       GitWorkflowReader gitWorkflowReader, CurrentPlanReader currentPlanReader,
                       StatusFileReader statusReader, StatusReadGate gate) {
        this.statusVersions = new FileParseCache<>(statusReader.maxBytes());
        this.gate = gate;
        this.workspace = workspace;
        this.records = records;
        this.markdownReader = markdownReader;
        this.registryTracker = registryTracker;
        this.worktreeReader = worktreeReader;
        this.gitWorkflowReader = gitWorkflowReader;
        this.currentPlanReader = currentPlanReader;
    }

    /** The latest published view. */
    public CatalogSnapshot snapshot() {
        CatalogSnapshot snapshot = current;
        return snapshot != null ? snapshot : rescan().after();
    }

    /** Re-examines every plan, the registry and the workspace settings (start-up, poll, lost events). */
    public synchronized CatalogChange rescan() {
        Inputs inputs = new Inputs(registryTracker.read(), worktreeReader.list(), gitWorkflowReader.read(),
                currentPlanReader.read().orElse(null));
        Set<String> names = discoverNames(inputs);
        if (current != null) {
            names.addAll(current.plans().keySet());
        }
        return rebuild(inputs, names);
    }

    /** Re-examines the named plans only (a watch event on their files). */
    public synchronized CatalogChange refreshPlans(Collection<String> names) {
        if (current == null) {
            return rescan();
        }
        return rebuild(inputsOf(current), new TreeSet<>(names));
    }

    /** Re-reads the registry and re-checks the liveness of its processes. */
    public synchronized CatalogChange refreshRegistry() {
        if (current == null) {
            return rescan();
        }
        RegistryView registry = registryTracker.read();
        if (registry.equals(current.registry())) {
            return new CatalogChange(current, current, Set.of(), false);
        }
        Set<String> affected = new TreeSet<>();
        collectPlans(current.registry(), affected);
        collectPlans(registry, affected);
        Inputs previous = inputsOf(current);
        return rebuild(new Inputs(registry, previous.worktrees(), previous.gitWorkflow(), previous.currentPlan()), affected);
    }

    /** Forgets the parse of a plan's status.json so the next refresh reads it again. */
    public void invalidateStatus(String plan) {
        statusVersions.invalidate(workspace.statusFile(plan));
    }

    private static void collectPlans(RegistryView registry, Set<String> into) {
        for (RegistryView.TrackedEntry tracked : registry.entries()) {
            String plan = tracked.entry().plan();
            if (plan != null) {
                into.add(plan);
            }
        }
    }

    private static Inputs inputsOf(CatalogSnapshot snapshot) {
        return new Inputs(snapshot.registry(), snapshot.worktrees(), snapshot.gitWorkflow(), snapshot.currentPlan());
    }

    private CatalogChange rebuild(Inputs inputs, Set<String> names) {
        CatalogSnapshot before = current;
        TreeMap<String, PlanView> plans = before == null ? new TreeMap<>() : new TreeMap<>(before.plans());
        Set<String> changed = new TreeSet<>();
        Map<String, Optional<PlanView>> built = buildViews(names, inputs, before == null);
        for (String name : names) {
            PlanView view = built.get(name).orElse(null);
            PlanView old = plans.get(name);
            if (view == null) {
                if (old != null) {
                    records.forget(old.digest().source());
                    plans.remove(name);
                    changed.add(name);
                }
            } else {
                // An equal view still replaces the old one: its digest names the file version last read.
                plans.put(name, view);
                if (!view.equals(old)) {
                    changed.add(name);
                }
            }
        }
        boolean registryChanged = before == null || !inputs.registry().equals(before.registry());
        boolean settingsChanged = before == null
                || !inputs.worktrees().equals(before.worktrees())
                || !inputs.gitWorkflow().equals(before.gitWorkflow())
                || !java.util.Objects.equals(inputs.currentPlan(), before.currentPlan());
        if (before != null && changed.isEmpty() && !registryChanged && !settingsChanged) {
            return new CatalogChange(before, before, Set.of(), false);
        }
        CatalogSnapshot after = new CatalogSnapshot(Collections.unmodifiableSortedMap(plans),
                inputs.registry(), inputs.gitWorkflow(), inputs.worktrees(), inputs.currentPlan());
        current = after;
        return new CatalogChange(before, after, Collections.unmodifiableSet(changed), registryChanged);
    }

    /**
     * The views of {@code names}. The first scan reads and parses every file of the workspace, so it
     * spreads the plans over the cores; later refreshes touch a few plans and stay on the caller.
     */
    private Map<String, Optional<PlanView>> buildViews(Set<String> names, Inputs inputs, boolean firstScan) {
        if (firstScan && names.size() >= PARALLEL_SCAN_MIN_PLANS) {
            return names.parallelStream().collect(java.util.stream.Collectors.toConcurrentMap(
                    name -> name, name -> Optional.ofNullable(buildView(name, inputs))));
        }
        Map<String, Optional<PlanView>> views = new HashMap<>();
        for (String name : names) {
            views.put(name, Optional.ofNullable(buildView(name, inputs)));
        }
        return views;
    }

    private Set<String> discoverNames(Inputs inputs) {
        Set<String> names = new HashSet<>();
        listNames(workspace.plansDir(), true, names);
        listNames(workspace.outputsDir(), false, names);
        for (Worktree worktree : inputs.worktrees()) {
            if (!worktree.main()) {
                inputs.gitWorkflow().planOf(worktree.branch()).ifPresent(names::add);
            }
        }
        names.removeIf(name -> !Names.isPlanName(name));
        return names;
    }

    private static void listNames(Path dir, boolean markdown, Set<String> into) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (markdown) {
                    Workspace.planOfMarkdown(file).ifPresent(into::add);
                } else {
                    into.add(file);
                }
            }
        } catch (IOException e) {
            // an unreadable directory lists nothing; readiness reports the workspace problem
        }
    }

    private PlanView buildView(String name, Inputs inputs) {
        if (!Names.isPlanName(name)) {
            return null;
        }
        Path markdownPath = workspace.planMarkdown(name);
        Optional<PlanMarkdown> markdown = workspace.isContained(markdownPath) ? markdownReader.read(markdownPath) : Optional.empty();
        WorktreeRef worktree = worktreeFor(name, inputs);
        Path statusPath = statusPathFor(name, inputs);
        Optional<ParsedFile<StatusDigest>> parsed = workspace.isContained(statusPath)
                ? gate.around(statusPath, () -> statusVersions.read(statusPath, (file, content) -> records.digest(name, file, content)))
                : Optional.empty();
        boolean isPlan = parsed.isPresent() || markdown.map(PlanMarkdown::hasPhases).orElse(false);
        if (!isPlan) {
            return null;
        }
        if (parsed.isPresent() && parsed.get().error() != null) {
            records.holdLastGood(statusPath);
        }
        StatusDigest digest = parsed.map(ParsedFile::value).orElse(StatusDigest.EMPTY);
        OrchestratorRef orchestrator = inputs.registry().forPlan(name);
        String title = digest.planName() != null ? digest.planName() : markdown.map(PlanMarkdown::title).orElse(name);
        return new PlanView(
                name,
                workspace.planPath(name),
                markdown.isPresent(),
                title == null ? name : title,
                markdown.map(PlanMarkdown::description).orElse(null),
                parsed.isPresent(),
                workspace.relative(statusPath),
                parsed.map(ParsedFile::error).orElse(null),
                digest,
                PlanDerivations.withOrchestrator(digest.status(), orchestrator),
                orchestrator,
                worktree,
                digest.lastUpdatedAt());
    }

    private Optional<Worktree> linkedWorktree(String name, Inputs inputs) {
        String branch = inputs.gitWorkflow().branchOf(name);
        return inputs.worktrees().stream()
                .filter(w -> !w.main() && !w.prunable() && branch.equals(w.branch()))
                .findFirst();
    }

    private WorktreeRef worktreeFor(String name, Inputs inputs) {
        return linkedWorktree(name, inputs)
                .map(w -> new WorktreeRef(true, workspace.relative(w.path()), w.branch()))
                .orElse(null);
    }

    /** A plan running in its worktree has its live status.json there; the main checkout's copy is stale. */
    private Path statusPathFor(String name, Inputs inputs) {
        Path main = workspace.statusFile(name);
        Optional<Worktree> worktree = linkedWorktree(name, inputs);
        if (worktree.isPresent()) {
            Path inWorktree = workspace.statusFileIn(worktree.get().path(), name);
            if (Files.isRegularFile(inWorktree)) {
                return inWorktree;
            }
        }
        return main;
    }
}
