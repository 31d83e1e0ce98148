package dev.planwatch.plans;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers the plan queries from the catalog's snapshot. */
@ApplicationScoped
public class PlanService {

    /** The {@code ?status=} values {@code GET /api/plans} accepts. */
    public static final List<String> PLAN_STATUSES = List.of("pending", "in_progress", "completed", "failed");

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
        int pending = 0;
        int inProgress = 0;
        int completed = 0;
        int failed = 0;
        for (PlanView plan : plans) {
            if (plan.orchestrator() != null && plan.orchestrator().running()) {
                running++;
            }
            switch (plan.status()) {
                case "completed" -> completed++;
                case "failed" -> failed++;
                case "in_progress" -> inProgress++;
                default -> pending++;
            }
        }
        return new PlanResponses.PlanList(
                plans.stream().map(PlanResponses.PlanListItem::of).toList(),
                new PlanResponses.PlanListSummary(plans.size(), running, pending, inProgress, completed, failed));
    }

    public PlanView require(CatalogSnapshot snapshot, String name) {
        return snapshot.plan(name).orElseThrow(() -> new ApiException(ErrorCode.PLAN_NOT_FOUND,
                "Plan not found: " + name, Map.of("plan", name)));
    }

    public PlanResponses.Detail detail(CatalogSnapshot snapshot, String name) {
        return new PlanResponses.Detail(PlanResponses.PlanDetail.of(require(snapshot, name)));
    }

    public PlanResponses.PlanStatus status(CatalogSnapshot snapshot, String name) {
        return PlanResponses.PlanStatus.of(require(snapshot, name));
    }

    public List<TaskView> tasks(CatalogSnapshot snapshot, String name) {
        return require(snapshot, name).derived().tasks();
    }

    public List<RunView> history(CatalogSnapshot snapshot, String name) {
        return require(snapshot, name).derived().runs();
    }
}
