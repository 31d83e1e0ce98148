package dev.planwatch.changes;

import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.workspace.GitRefsChanged;
import dev.planwatch.workspace.GitWorkflow;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a change of git's files, seen by the change detector, into announcements: a
 * {@link PlanChangesMoved} for each plan branch whose tip moved (appeared, went), and a
 * {@link ConflictsChanged} when the conflict report that follows differs from the last one. Git
 * runs on a thread of its own, never the detector's; a burst of ref changes is one check.
 */
@ApplicationScoped
public class ChangesAnnouncer {

    private static final Logger LOG = Logger.getLogger(ChangesAnnouncer.class);

    private final BranchChanges changes;
    private final ConflictReports reports;
    private final PlanCatalog catalog;
    private final Event<PlanChangesMoved> planChangesMoved;
    private final Event<ConflictsChanged> conflictsChanged;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "planwatch-changes");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean checkScheduled = new AtomicBoolean();
    /** The tips last announced; only the worker thread touches it. */
    private Map<String, String> announcedTips;
    /** What decides whether the conflict report changed, as last announced; worker thread only. */
    private List<Object> announcedConflicts;

    public ChangesAnnouncer(BranchChanges changes, ConflictReports reports, PlanCatalog catalog,
                            Event<PlanChangesMoved> planChangesMoved, Event<ConflictsChanged> conflictsChanged) {
        this.changes = changes;
        this.reports = reports;
        this.catalog = catalog;
        this.planChangesMoved = planChangesMoved;
        this.conflictsChanged = conflictsChanged;
    }

    /** The tips at start are what later moves are measured against (nothing is computed or announced). */
    void onStart(@Observes StartupEvent event) {
        worker.execute(() -> announcedTips = changes.refs().map(BranchChanges.Refs::tips).orElse(null));
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    void onGitChanged(@Observes GitRefsChanged change) {
        if (checkScheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this::check);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                checkScheduled.set(false); // shutting down
            }
        }
    }

    private void check() {
        checkScheduled.set(false);
        try {
            Optional<BranchChanges.Refs> read = changes.refs();
            if (read.isEmpty()) {
                return;
            }
            BranchChanges.Refs now = read.get();
            Map<String, String> before = announcedTips == null ? now.tips() : announcedTips;
            announcedTips = now.tips();
            if (before.equals(now.tips())) {
                return;
            }
            GitWorkflow workflow = catalog.snapshot().gitWorkflow();
            Set<String> branches = new TreeSet<>(before.keySet());
            branches.addAll(now.tips().keySet());
            for (String branch : branches) {
                Optional<String> plan = workflow.planOf(branch);
                String tip = now.tips().get(branch);
                String previous = before.get(branch);
                if (plan.isEmpty() || branch.equals(now.mainBranch()) || Objects.equals(tip, previous)) {
                    continue;
                }
                Optional<BranchChanges.BranchDiff> diff = tip == null ? Optional.empty() : changes.diff(now, branch);
                planChangesMoved.fire(new PlanChangesMoved(plan.get(), new ChangesResponses.PlanChangesData(branch, tip, previous,
                        now.mainBranch(), diff.map(d -> d.commits().total()).orElse(null),
                        diff.map(BranchChanges.BranchDiff::totals).orElse(null))));
            }
            if (now.mainBranch() != null) {
                ChangesResponses.ConflictReport report = reports.report();
                ChangesResponses.ConflictsData summary = ConflictReports.summary(report);
                List<Object> decisive = List.of(summary, report.pairs(), report.overlaps().stream().map(ChangesResponses.OverlapFile::path).toList());
                if (!decisive.equals(announcedConflicts)) {
                    announcedConflicts = decisive;
                    conflictsChanged.fire(new ConflictsChanged(summary));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Checking the plan branches after a ref change failed (the next change retries): %s", e.getMessage());
        }
    }
}
