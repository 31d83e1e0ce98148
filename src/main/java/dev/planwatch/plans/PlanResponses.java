package dev.planwatch.plans;

import dev.planwatch.registry.OrchestratorRef;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** The response bodies of the plan endpoints , built from {@link PlanView}s. */
public final class PlanResponses {

    private PlanResponses() {
    }

    /** An item of {@code GET /api/plans}. */
    @RegisterForReflection
    public record PlanListItem(String name, String path, String title, String status, Progress progress,
                               String currentPhase, WorktreeRef worktree, OrchestratorRef orchestrator,
                               String lastUpdatedAt, String statusError) {

        static PlanListItem of(PlanView view) {
            return new PlanListItem(view.name(), view.path(), view.title(), view.status(), view.progress(),
                    view.derived().currentPhase(), view.worktree(), view.orchestrator(), view.lastUpdatedAt(),
                    view.statusError());
        }
    }

    /** Counters over the plans of the (filtered) list. */
    @RegisterForReflection
    public record PlanListSummary(int totalPlans, int running, int pending, int inProgress, int completed, int failed) {
    }

    @RegisterForReflection
    public record PlanList(List<PlanListItem> data, PlanListSummary summary) {
    }

    /** {@code GET /api/plans/{name}}'s {@code data}. */
    @RegisterForReflection
    public record PlanDetail(String name, String path, String title, String status, Progress progress,
                             List<Phase> phases, String currentPhase, CurrentTask currentTask,
                             List<Activity> recentActivity, WorktreeRef worktree, OrchestratorRef orchestrator,
                             String lastUpdatedAt, String statusFile, String statusError) {

        static PlanDetail of(PlanView view) {
            DerivedStatus d = view.derived();
            List<Activity> activity = d.events().stream().limit(10).map(Activity::of).toList();
            return new PlanDetail(view.name(), view.path(), view.title(), view.status(), d.progress(), d.phases(),
                    d.currentPhase(), d.currentTask(), activity, view.worktree(), view.orchestrator(),
                    view.lastUpdatedAt(), view.hasStatus() ? view.statusFile() : null, view.statusError());
        }
    }

    @RegisterForReflection
    public record Detail(PlanDetail data) {
    }

    /** A recent-activity entry of the plan detail. */
    @RegisterForReflection
    public record Activity(String timestamp, String taskId, String action, String description) {
        static Activity of(TaskEvent event) {
            return new Activity(event.timestamp(), event.taskId(), event.action(), event.description());
        }
    }

    /** {@code GET /api/plans/{name}/status}. */
    @RegisterForReflection
    public record PlanStatus(String name, String status, Progress progress, CurrentTask currentTask,
                             OrchestratorRef orchestrator, String lastUpdatedAt) {

        static PlanStatus of(PlanView view) {
            return new PlanStatus(view.name(), view.status(), view.progress(), view.derived().currentTask(),
                    view.orchestrator(), view.lastUpdatedAt());
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
}
