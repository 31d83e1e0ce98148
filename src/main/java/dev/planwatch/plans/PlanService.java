package dev.planwatch.plans;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.DerivedStatus;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.StatusRecords;
import dev.planwatch.workspace.StatusReadGate;
import dev.planwatch.workspace.StatusTally;
import dev.planwatch.workspace.TaskStatus;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers the plan queries from the catalog's snapshot. */
@ApplicationScoped
public class PlanService {

    /** The {@code ?status=} values {@code GET /api/plans} accepts. */
    public static final List<String> PLAN_STATUSES = TaskStatus.wireNames(TaskStatus.PLAN_STATUSES);

    private final PlanCatalog catalog;
    private final StatusRecords records;

    private final StatusReadGate gate;

    public PlanService(PlanCatalog catalog, StatusRecords records, StatusReadGate gate) {
        this.catalog = catalog;
        this.records = records;
        this.gate = gate;
    }

    public CatalogSnapshot snapshot() {
        return catalog.snapshot();
    }

    public PlanResponses.PlanList list(CatalogSnapshot snapshot, Optional<String> status, Optional<Boolean> inWorktree) {
        List<PlanView> plans = snapshot.plans().values().stream()
                .filter(p -> status.map(s -> s.equals(p.status())).orElse(true))
                .filter(p -> inWorktree.map(w -> w == (p.worktree() != null)).orElse(true))
                .toList();
        int running = 0;
        StatusTally tally = new StatusTally();
        for (PlanView plan : plans) {
            if (plan.orchestrator() != null && plan.orchestrator().running()) {
                running++;
            }
            tally.add(plan.status());
        }
        return new PlanResponses.PlanList(true,
                plans.stream().map(PlanResponses.PlanListItem::of).toList(),
                new PlanResponses.PlanListSummary(plans.size(), running, tally.get(TaskStatus.PENDING),
                        tally.get(TaskStatus.IN_PROGRESS), tally.get(TaskStatus.COMPLETED), tally.get(TaskStatus.FAILED)));
    }

    public PlanView require(CatalogSnapshot snapshot, String name) {
        return snapshot.plan(name).orElseThrow(() -> new ApiException(ErrorCode.PLAN_NOT_FOUND,
                "Plan not found: " + name, Map.of("plan", name)));
    }

    /** The plan's full task records: from memory, else read from its status.json now (blocking). */
    public DerivedStatus records(PlanView plan) {
        return records.of(plan);
    }

    /** Whether the plan's full task records are in memory, so a view of them needs no disk read. */
    public boolean recordsInMemory(CatalogSnapshot snapshot, String name) {
        return snapshot.plan(name).map(plan -> records.cached(plan).isPresent()).orElse(true);
    }

    /**
     * Runs {@code work} for the plan {@code name} through the gate of big status.json files:
     * rendering a big plan's records costs a few times its file's size, so those run one after another.
     */
    public <T> T gated(CatalogSnapshot snapshot, String name, java.util.function.Supplier<T> work) {
        return gate.around(snapshot.plan(name).map(plan -> plan.digest().source()).orElse(null), work);
    }

    /** Whether the plan's status.json is big enough that rendering it must go through {@link #gated}. */
    public boolean largeStatus(CatalogSnapshot snapshot, String name) {
        return snapshot.plan(name).map(plan -> gate.isLarge(plan.digest().source())).orElse(false);
    }

    public PlanResponses.DetailReply detail(CatalogSnapshot snapshot, String name) {
        PlanView plan = require(snapshot, name);
        return new PlanResponses.DetailReply(true, PlanResponses.PlanDetail.of(plan, records(plan)));
    }

    public PlanResponses.StatusReply status(CatalogSnapshot snapshot, String name) {
        PlanView plan = require(snapshot, name);
        return new PlanResponses.StatusReply(true, PlanResponses.PlanStatus.of(plan, records(plan)));
    }

    public PlanResponses.TasksReply tasks(CatalogSnapshot snapshot, String name) {
        return new PlanResponses.TasksReply(true, records(require(snapshot, name)).tasks());
    }

    public PlanResponses.HistoryReply history(CatalogSnapshot snapshot, String name) {
        return new PlanResponses.HistoryReply(true, records(require(snapshot, name)).runs());
    }
}
