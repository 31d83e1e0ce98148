package dev.planwatch.plans;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
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

    public PlanService(PlanCatalog catalog) {
        this.catalog = catalog;
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

    public PlanResponses.DetailReply detail(CatalogSnapshot snapshot, String name) {
        return new PlanResponses.DetailReply(true, PlanResponses.PlanDetail.of(require(snapshot, name)));
    }

    public PlanResponses.StatusReply status(CatalogSnapshot snapshot, String name) {
        return new PlanResponses.StatusReply(true, PlanResponses.PlanStatus.of(require(snapshot, name)));
    }

    public PlanResponses.TasksReply tasks(CatalogSnapshot snapshot, String name) {
        return new PlanResponses.TasksReply(true, require(snapshot, name).derived().tasks());
    }

    public PlanResponses.HistoryReply history(CatalogSnapshot snapshot, String name) {
        return new PlanResponses.HistoryReply(true, require(snapshot, name).derived().runs());
    }
}
