package dev.planwatch.live;

import dev.planwatch.plans.ActivityItem;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.CurrentTask;
import dev.planwatch.plans.catalog.PlanDerivations;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.Progress;
import dev.planwatch.registry.OrchestratorRef;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The messages sent on the WebSockets, in the formats of the seed and the original server. */
public final class LiveMessages {

    private LiveMessages() {
    }

    /** The seed's progress: no {@code skipped}. */
    @RegisterForReflection
    public record StatusProgress(int total, int completed, int pending, @JsonProperty("in_progress") int inProgress,
                                 int failed, int percentage) {
        static StatusProgress of(Progress p) {
            return new StatusProgress(p.total(), p.completed(), p.pending(), p.inProgress(), p.failed(), p.percentage());
        }
    }

    /** {@code {type:"status", plan, status, progress, currentTask, lastUpdatedAt, timestamp}}. */
    @RegisterForReflection
    public record Status(String type, String plan, String status, StatusProgress progress, CurrentTask currentTask,
                         String lastUpdatedAt, String timestamp) {
        public static Status of(PlanView view, String timestamp) {
            return new Status("status", view.name(), view.status(), StatusProgress.of(view.progress()),
                    view.digest().currentTask(), view.lastUpdatedAt(), timestamp);
        }
    }

    /** {@code {type:"error", error, code}}: for a plan that does not exist (yet, or any more). */
    @RegisterForReflection
    public record Error(String type, String plan, String error, String code, String timestamp) {
        public static Error planNotFound(String plan, String timestamp) {
            return new Error("error", plan, "Plan not found: " + plan, "PLAN_NOT_FOUND", timestamp);
        }

        public static Error orchestratorNotFound(String id, String timestamp) {
            return new Error("error", null, "Orchestrator not found: " + id, "ORCHESTRATOR_NOT_FOUND", timestamp);
        }
    }

    /** A plan of the {@code all-plans} message. */
    @RegisterForReflection
    public record AllPlansEntry(String name, String status, ShortProgress progress) {
    }

    @RegisterForReflection
    public record ShortProgress(int total, int completed, int percentage) {
    }

    /** Totals over every plan. */
    @RegisterForReflection
    public record Aggregate(int totalPlans, int totalTasks, int completed, int pending,
                            @JsonProperty("in_progress") int inProgress, int failed, int percentage) {
    }

    /** {@code {type:"all-plans", plans, aggregate, timestamp}}. */
    @RegisterForReflection
    public record AllPlans(String type, List<AllPlansEntry> plans, Aggregate aggregate, String timestamp) {
        public static AllPlans of(CatalogSnapshot snapshot, String timestamp) {
            List<AllPlansEntry> plans = new java.util.ArrayList<>(snapshot.plans().size());
            List<Progress> parts = new java.util.ArrayList<>(snapshot.plans().size());
            for (PlanView view : snapshot.plans().values()) {
                Progress p = view.progress();
                parts.add(p);
                plans.add(new AllPlansEntry(view.name(), view.status(), new ShortProgress(p.total(), p.completed(), p.percentage())));
            }
            Progress sum = PlanDerivations.sum(parts);
            return new AllPlans("all-plans", plans, new Aggregate(plans.size(), sum.total(), sum.completed(), sum.pending(),
                    sum.inProgress(), sum.failed(), sum.percentage()), timestamp);
        }
    }

    /** {@code {type:"plan-removed", plan, timestamp}} on {@code /ws/all} when a plan's files are gone. */
    @RegisterForReflection
    public record PlanRemoved(String type, String plan, String timestamp) {
    }

    /** {@code {type:"heartbeat", timestamp}}. */
    @RegisterForReflection
    public record Heartbeat(String type, String timestamp) {
    }

    /** The dashboard's event: {@code {type, plan, orchestratorId, timestamp, data}}; {@code data} by {@code type}. */
    @RegisterForReflection
    public record DashboardEvent(String type, String plan, String orchestratorId, String timestamp,
                                 @Schema(oneOf = {TaskEventData.class, ActivityItem.class, OrchestratorStatusData.class,
                                         OrchestratorProgressData.class, PlanStatusData.class,
                                         dev.planwatch.changes.ChangesResponses.PlanChangesData.class,
                                         dev.planwatch.changes.ChangesResponses.ConflictsData.class}) Object data) {
    }

    /** {@code task:started|completed|failed|skipped}: {@code phase} the number of its phase, {@code phaseName} its heading. */
    @RegisterForReflection
    public record TaskEventData(String taskId, String description, int phase, String phaseName, String previousStatus,
                                String status, String error) {
    }

    /**
     * {@code orchestrator:status}: the dashboard's state (running, paused, stopped, completed, failed)
     * and planwatch's finer lifecycle, before and now; {@code removed} when it left the registry.
     */
    @RegisterForReflection
    public record OrchestratorStatusData(String status, boolean removed, String previousStatus, String lifecycle,
                                         String previousLifecycle, OrchestratorRef orchestrator) {
    }

    /** {@code orchestrator:progress}: percent done, the current phase's number, the task in progress, the counts. */
    @RegisterForReflection
    public record OrchestratorProgressData(int progress, Integer currentPhase, String currentTask, dev.planwatch.plans.PlanSummary summary) {
    }

    /** {@code plan:status}: the plan's status before and now ({@code removed} when its files went). */
    @RegisterForReflection
    public record PlanStatusData(String status, String previousStatus, Progress progress) {
    }
}
