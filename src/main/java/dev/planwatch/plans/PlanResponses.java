package dev.planwatch.plans;

import dev.planwatch.plans.catalog.CurrentTask;
import dev.planwatch.plans.catalog.DerivedStatus;
import dev.planwatch.plans.catalog.Phase;
import dev.planwatch.plans.catalog.PlanDerivations;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.Progress;
import dev.planwatch.plans.catalog.RunView;
import dev.planwatch.plans.catalog.StatusDigest;
import dev.planwatch.plans.catalog.TaskEvent;
import dev.planwatch.plans.catalog.TaskView;
import dev.planwatch.plans.catalog.WorktreeRef;
import dev.planwatch.registry.OrchestratorRef;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** The response bodies of the plan endpoints , built from {@link PlanView}s. */
public final class PlanResponses {

    private PlanResponses() {
    }

    /** An item of {@code GET /api/plans}: the dashboard's {@code Plan} without the tasks, and planwatch's own fields. */
    @RegisterForReflection
    public record PlanListItem(String name, String path, String title, String description, String status, Progress progress,
                               PlanSummary summary, List<Phase> phases, String currentPhase, CurrentTask currentTask,
                               WorktreeRef worktree, OrchestratorRef orchestrator, String createdAt, String lastRunAt,
                               String lastUpdatedAt, String statusError) {

        static PlanListItem of(PlanView view) {
            StatusDigest d = view.digest();
            return new PlanListItem(view.name(), view.path(), view.title(), view.description(), view.status(), view.progress(),
                    PlanSummary.of(view.progress()), d.phases(), d.currentPhase(), d.currentTask(), view.worktree(), view.orchestrator(),
                    d.createdAt(), d.lastRunAt(), view.lastUpdatedAt(), view.statusError());
        }
    }

    /** Counters over the plans of the (filtered) list. */
    @RegisterForReflection
    public record PlanListSummary(int totalPlans, int running, int pending, int inProgress, int completed, int failed) {
    }

    /** {@code GET /api/plans}: the envelope, and the counters over the listed plans. */
    @RegisterForReflection
    public record PlanList(boolean success, List<PlanListItem> data, PlanListSummary summary) {
    }

    /** {@code GET /api/plans/{name}}'s {@code data}: the dashboard's {@code Plan}, its phases with their tasks. */
    @RegisterForReflection
    public record PlanDetail(String name, String path, String title, String description, String status, Progress progress,
                             PlanSummary summary, List<Phase> phases, String currentPhase, CurrentTask currentTask,
                             List<Activity> recentActivity, WorktreeRef worktree, OrchestratorRef orchestrator,
                             String createdAt, String lastRunAt, String lastUpdatedAt, String statusFile, String statusError) {

        /** The detail of {@code view} with its full records {@code d}. */
        static PlanDetail of(PlanView view, DerivedStatus d) {
            List<Activity> activity = d.events().stream().limit(10).map(Activity::of).toList();
            String status = PlanDerivations.withOrchestrator(d.status(), view.orchestrator());
            return new PlanDetail(view.name(), view.path(), view.title(), view.description(), status, d.progress(),
                    PlanSummary.of(d.progress()), PlanDerivations.phasesWithTasks(d), d.currentPhase(), d.currentTask(),
                    activity, view.worktree(), view.orchestrator(), d.createdAt(), d.lastRunAt(), view.lastUpdatedAt(),
                    view.hasStatus() ? view.statusFile() : null, view.statusError());
        }
    }

    /** A recent-activity entry of the plan detail. */
    @RegisterForReflection
    public record Activity(String timestamp, String taskId, String action, String description) {
        static Activity of(TaskEvent event) {
            return new Activity(event.timestamp(), event.taskId(), event.action(), event.description());
        }
    }

    /**
     * {@code GET /api/plans/{name}/status}'s {@code data}: what a status page draws, i.e. the status
     * breakdown ({@code summary}), the phase timeline ({@code phases} with their first start and last
     * completion) and the tasks.
     */
    @RegisterForReflection
    public record PlanStatus(String name, String status, Progress progress, PlanSummary summary, List<Phase> phases,
                             List<TaskView> tasks, CurrentTask currentTask, OrchestratorRef orchestrator,
                             String createdAt, String lastRunAt, String lastUpdatedAt) {

        /** The status page of {@code view} with its full records {@code d}. */
        static PlanStatus of(PlanView view, DerivedStatus d) {
            String status = PlanDerivations.withOrchestrator(d.status(), view.orchestrator());
            return new PlanStatus(view.name(), status, d.progress(), PlanSummary.of(d.progress()), d.phases(),
                    d.tasks(), d.currentTask(), view.orchestrator(), d.createdAt(), d.lastRunAt(), view.lastUpdatedAt());
        }
    }

    /** An item of {@code GET /api/plans/{name}/findings}. */
    @RegisterForReflection
    public record FindingItem(String taskId, String file, long sizeBytes, String lastModified) {
    }

    /** {@code GET /api/plans/{name}/findings/{taskId}}. */
    @RegisterForReflection
    public record Finding(String plan, String taskId, String file, String content, boolean truncated) {
    }

    /** {@code GET /api/plans/{name}}. */
    @RegisterForReflection
    public record DetailReply(boolean success, PlanDetail data) {
    }

    /** {@code GET /api/plans/{name}/status}. */
    @RegisterForReflection
    public record StatusReply(boolean success, PlanStatus data) {
    }

    /** {@code GET /api/plans/{name}/tasks}. */
    @RegisterForReflection
    public record TasksReply(boolean success, List<TaskView> data) {
    }

    /** {@code GET /api/plans/{name}/history}. */
    @RegisterForReflection
    public record HistoryReply(boolean success, List<RunView> data) {
    }

    /** {@code GET /api/plans/{name}/findings}. */
    @RegisterForReflection
    public record FindingsReply(boolean success, List<FindingItem> data) {
    }

    /** {@code GET /api/plans/{name}/findings/{taskId}}. */
    @RegisterForReflection
    public record FindingReply(boolean success, Finding data) {
    }
}
