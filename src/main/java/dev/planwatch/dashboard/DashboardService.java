package dev.planwatch.dashboard;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.orchestrator.ControlLimits;
import dev.planwatch.plans.ActivityItem;
import dev.planwatch.plans.PlanService;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.DerivedStatus;
import dev.planwatch.plans.catalog.PlanDerivations;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.Progress;
import dev.planwatch.plans.catalog.StatusDigest;
import dev.planwatch.plans.catalog.TaskEvent;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

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
                root.getFileName() == null ? root.toString() : root.getFileName().toString(),
                ControlLimits.of(config.orchestrator().maxStopTimeout()));
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
        int completedToday = 0;
        for (PlanView plan : snapshot.plans().values()) {
            completedToday += plan.digest().countSince(TaskStatus.COMPLETED.wire(), startOfToday);
        }
        RegistryView registry = snapshot.registry();
        return new DashboardResponses.Summary(
                new DashboardResponses.PlanCounts(snapshot.plans().size(), active, completedPlans, pendingPlans, failedPlans),
                new DashboardResponses.TaskCounts(tasks.total(), tasks.completed(), tasks.pending(), tasks.failed(),
                        tasks.inProgress(), tasks.skipped(), completedToday),
                new DashboardResponses.OrchestratorCounts(registry.runningCount(), registry.entries().size()),
                items(newest(snapshot.plans().values(), 0, RECENT)),
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
                return page(List.of(), page, pageSize);
            }
            planFilter = Optional.ofNullable(orchestratorPlan);
        }
        List<PlanView> sources = planFilter.isPresent()
                ? List.of(plans.require(snapshot, planFilter.get()))
                : List.copyOf(snapshot.plans().values());
        return page(sources, page, pageSize);
    }

    private DashboardResponses.ActivityPage page(List<PlanView> sources, int page, int pageSize) {
        long total = 0;
        for (PlanView plan : sources) {
            total += plan.digest().eventCount();
        }
        long from = (long) (page - 1) * pageSize;
        List<EventRef> slice = from >= total ? List.of() : newest(sources, from, pageSize);
        return new DashboardResponses.ActivityPage(items(slice), (int) total, page, pageSize, from + slice.size() < total);
    }

    /** One task event of the merged feed: the {@code index}-th newest of {@code plan}'s digest. */
    private record EventRef(PlanView plan, int order, int index) {

        long millis() {
            return plan.digest().eventMillis(index);
        }
    }

    /**
     * Events {@code skip} to {@code skip + limit} of the plans' events merged newest first, without
     * merging the rest: each plan's digest lists its own newest first, so a merge over the plans'
     * heads yields the feed in order. Ties keep the plans' order, then each plan's own order.
     */
    private static List<EventRef> newest(Collection<PlanView> sources, long skip, int limit) {
        PriorityQueue<EventRef> heads = new PriorityQueue<>(Math.max(1, sources.size()),
                Comparator.comparingLong(EventRef::millis).reversed()
                        .thenComparingInt(EventRef::order)
                        .thenComparingInt(EventRef::index));
        int order = 0;
        for (PlanView plan : sources) {
            if (plan.digest().eventCount() > 0) {
                heads.add(new EventRef(plan, order, 0));
            }
            order++;
        }
        List<EventRef> taken = new ArrayList<>(limit);
        for (long position = 0; !heads.isEmpty() && taken.size() < limit; position++) {
            EventRef next = heads.poll();
            if (position >= skip) {
                taken.add(next);
            }
            if (next.index() + 1 < next.plan().digest().eventCount()) {
                heads.add(new EventRef(next.plan(), next.order(), next.index() + 1));
            }
        }
        return taken;
    }

    /**
     * The feed's items of {@code events}, each attributed to its plan's orchestrator if it ran
     * then. The words of an event (its task's description, its timestamp as written) come from the
     * plan's full records.
     */
    private List<ActivityItem> items(List<EventRef> events) {
        Map<String, DerivedStatus> recordsByPlan = new HashMap<>();
        List<ActivityItem> items = new ArrayList<>(events.size());
        for (EventRef ref : events) {
            DerivedStatus records = recordsByPlan.computeIfAbsent(ref.plan().name(), name -> plans.records(ref.plan()));
            items.add(ActivityItem.of(eventOf(ref, records), ref.plan().orchestrator()));
        }
        return items;
    }

    /**
     * The full event a digest's event stands for: the same index when the records are of the
     * digest's version, else found by task, action and time (records of a newer version), else
     * what the digest knows.
     */
    private static TaskEvent eventOf(EventRef ref, DerivedStatus records) {
        StatusDigest digest = ref.plan().digest();
        String taskId = digest.eventTaskId(ref.index());
        String action = digest.eventAction(ref.index());
        long millis = digest.eventMillis(ref.index());
        List<TaskEvent> events = records.events();
        if (ref.index() < events.size() && matches(events.get(ref.index()), taskId, action, millis)) {
            return events.get(ref.index());
        }
        return events.stream().filter(e -> matches(e, taskId, action, millis)).findFirst()
                .orElseGet(() -> new TaskEvent(ref.plan().name(), taskId, action, null,
                        Timestamps.format(java.time.Instant.ofEpochMilli(millis)), millis));
    }

    private static boolean matches(TaskEvent event, String taskId, String action, long millis) {
        return event.epochMillis() == millis && java.util.Objects.equals(event.taskId(), taskId)
                && java.util.Objects.equals(event.action(), action);
    }
}
