package dev.planwatch.api;

import dev.planwatch.dashboard.DashboardResponses;
import dev.planwatch.health.HealthResource;
import dev.planwatch.live.LiveMessages;
import dev.planwatch.logs.LogFollowers;
import dev.planwatch.logs.LogService;
import dev.planwatch.orchestrator.ControlResponses;
import dev.planwatch.orchestrator.OrchestratorRef;
import dev.planwatch.orchestrator.OrchestratorStartRequest;
import dev.planwatch.orchestrator.StartRequest;
import dev.planwatch.orchestrator.StopRequest;
import dev.planwatch.plans.CurrentTask;
import dev.planwatch.plans.Phase;
import dev.planwatch.plans.PlanResponses;
import dev.planwatch.plans.Progress;
import dev.planwatch.plans.RunView;
import dev.planwatch.plans.TaskEvent;
import dev.planwatch.plans.TaskView;
import dev.planwatch.plans.WorktreeRef;
import dev.planwatch.worktrees.WorktreeResponses;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every type serialised through the ObjectMapper directly (pre-rendered bodies, socket messages).
 * Quarkus registers the return types of resource methods by itself, but these travel as bytes, so
 * a native binary needs them listed here. Add a type when it is rendered with {@link JsonResponses}.
 */
@RegisterForReflection(targets = {
        ErrorBody.class,
        HealthResource.Health.class,
        OrchestratorRef.class,
        CurrentTask.class,
        Phase.class,
        Progress.class,
        RunView.class,
        TaskEvent.class,
        TaskView.class,
        WorktreeRef.class,
        PlanResponses.PlanListItem.class,
        PlanResponses.PlanListSummary.class,
        PlanResponses.PlanList.class,
        PlanResponses.PlanDetail.class,
        PlanResponses.Detail.class,
        PlanResponses.Activity.class,
        PlanResponses.PlanStatus.class,
        PlanResponses.FindingItem.class,
        PlanResponses.Finding.class,
        LiveMessages.StatusProgress.class,
        LiveMessages.Status.class,
        LiveMessages.Error.class,
        LiveMessages.PlanSummary.class,
        LiveMessages.ShortProgress.class,
        LiveMessages.Aggregate.class,
        LiveMessages.AllPlans.class,
        LiveMessages.PlanRemoved.class,
        LiveMessages.Heartbeat.class,
        LiveMessages.DashboardEvent.class,
        LogFollowers.LogEvent.class,
        LogFollowers.StreamEvent.class,
        LogService.LogsResponse.class,
        ControlResponses.Started.class,
        ControlResponses.StartResponse.class,
        ControlResponses.Stopped.class,
        ControlResponses.StopResponse.class,
        ControlResponses.OrchestratorInfo.class,
        ControlResponses.CommandResponse.class,
        StartRequest.class,
        StopRequest.class,
        OrchestratorStartRequest.class,
        DashboardResponses.PlanCounts.class,
        DashboardResponses.TaskCounts.class,
        DashboardResponses.OrchestratorCounts.class,
        DashboardResponses.Summary.class,
        DashboardResponses.ActivityPage.class,
        WorktreeResponses.Age.class,
        WorktreeResponses.Item.class,
        WorktreeResponses.Summary.class,
        WorktreeResponses.WorktreeList.class,
        WorktreeResponses.ConcurrentWorktrees.class,
        WorktreeResponses.DiskSpace.class,
        WorktreeResponses.Limits.class,
        WorktreeResponses.WorktreeCounts.class,
        WorktreeResponses.Resources.class,
})
public final class JsonTypes {

    private JsonTypes() {
    }
}
