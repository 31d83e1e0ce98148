package dev.planwatch.dashboard;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.ActivityItem;
import dev.planwatch.plans.CatalogSnapshot;
import dev.planwatch.plans.PlanDerivations;
import dev.planwatch.plans.PlanService;
import dev.planwatch.plans.PlanView;
import dev.planwatch.plans.Progress;
import dev.planwatch.plans.TaskEvent;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.Timestamps;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's aggregate views, computed from one catalog snapshot (never by re-reading files):
 * the summary card and the activity feed of every plan's task events, newest first.
 */
@ApplicationScoped
public class DashboardService {

    /** Events on the summary card. */
    static final int RECENT = 10;

    private final PlanService plans;
    private final DashboardResponses.Settings settings;

    public DashboardService(PlanService plans, PlanwatchConfig config, Workspace workspace) {
        this.plans = plans;
        Path root = workspace.root();
        this.settings = new DashboardResponses.Settings(config.orchestrator().mode().name(), root.toString(),
                root.getFileName() == null ? root.toString() : root.getFileName().toString());
    }

    public DashboardResponses.Settings settings() {
        return settings;
    }

    public DashboardResponses.Summary summary(CatalogSnapshot snapshot) {
        int active = 0;
        int completedPlans = 0;
        int pendingPlans = 0;
        int failedPlans = 0;
        List<Progress> parts = new ArrayList<>(snapshot.plans().size());
        for (PlanView plan : snapshot.plans().values()) {
            boolean running = plan.orchestrator() != null && plan.orchestrator().running();
            switch (TaskStatus.of(plan.status())) {
                case COMPLETED -> completedPlans++;
                case FAILED -> failedPlans++;
                case IN_PROGRESS -> active++;
                default -> {
                    if (running) {
                        active++;
                    } else {
                        pendingPlans++;
                    }
                }
            }
            parts.add(plan.progress());
        }
        Progress tasks = PlanDerivations.sum(parts);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long startOfToday = today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<TaskEvent> events = events(snapshot);
        int completedToday = (int) events.stream()
                .filter(e -> e.epochMillis() >= startOfToday && TaskStatus.COMPLETED.is(e.action()))
                .count();
        RegistryView registry = snapshot.registry();
        return new DashboardResponses.Summary(
                new DashboardResponses.PlanCounts(snapshot.plans().size(), active, completedPlans, pendingPlans, failedPlans),
                new DashboardResponses.TaskCounts(tasks.total(), tasks.completed(), tasks.pending(), tasks.failed(),
                        tasks.inProgress(), tasks.skipped(), completedToday),
                new DashboardResponses.OrchestratorCounts(registry.runningCount(), registry.entries().size()),
                items(snapshot, events.subList(0, Math.min(RECENT, events.size()))),
                Timestamps.now());
    }

    /**
     * One page of task events, newest first, of every plan or of one plan (by name, or by the plan of
     * an orchestrator).
     */
    public DashboardResponses.ActivityPage activity(CatalogSnapshot snapshot, int page, int pageSize,
                                                    Optional<String> plan, Optional<String> orchestratorId) {
        Optional<String> planFilter = plan;
        if (orchestratorId.isPresent()) {
            String orchestratorPlan = snapshot.registry().require(orchestratorId.get()).entry().plan();
            if (planFilter.isPresent() && !planFilter.get().equals(orchestratorPlan)) {
                return page(snapshot, List.of(), page, pageSize);
            }
            planFilter = Optional.ofNullable(orchestratorPlan);
        }
        if (planFilter.isPresent()) {
            return page(snapshot, plans.require(snapshot, planFilter.get()).derived().events(), page, pageSize);
        }
        return page(snapshot, events(snapshot), page, pageSize);
    }

    /** Every plan's events merged, newest first; computed once per snapshot. */
    private static List<TaskEvent> events(CatalogSnapshot snapshot) {
        return snapshot.memo("activity:all", () -> {
            List<TaskEvent> all = new ArrayList<>();
            for (PlanView plan : snapshot.plans().values()) {
                all.addAll(plan.derived().events());
            }
            // Stable: ties keep plan order, then each plan's own order.
            all.sort(Comparator.comparingLong(TaskEvent::epochMillis).reversed());
            return List.copyOf(all);
        });
    }

    private static DashboardResponses.ActivityPage page(CatalogSnapshot snapshot, List<TaskEvent> events, int page, int pageSize) {
        long from = (long) (page - 1) * pageSize;
        List<TaskEvent> slice = from >= events.size() ? List.of()
                : events.subList((int) from, (int) Math.min(events.size(), from + pageSize));
        return new DashboardResponses.ActivityPage(items(snapshot, slice), events.size(), page, pageSize,
                from + slice.size() < events.size());
    }

    /** The feed's items of {@code events}, each attributed to its plan's orchestrator if it ran then. */
    private static List<ActivityItem> items(CatalogSnapshot snapshot, List<TaskEvent> events) {
        List<ActivityItem> items = new ArrayList<>(events.size());
        for (TaskEvent event : events) {
            items.add(ActivityItem.of(event, snapshot.plan(event.plan()).map(PlanView::orchestrator).orElse(null)));
        }
        return items;
    }
}
