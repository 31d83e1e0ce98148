package dev.planwatch.plans;

import dev.planwatch.plans.catalog.TaskEvent;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.workspace.Timestamps;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An item of the activity feed (the dashboard's {@code ActivityEvent}): one task event with a
 * sentence a person reads. The same event has the same {@code id} in {@code /api/activity} and in
 * the {@code activity:new} message that announced it, so a client can merge the two.
 *
 * @param type           {@code task:started}, {@code task:completed}, {@code task:failed} or {@code task:skipped}
 * @param orchestratorId the plan's orchestrator when the event happened during its run, else null
 * @param action         the event without its prefix ({@code started}, …)
 */
@RegisterForReflection
public record ActivityItem(String id, String type, String orchestratorId, String plan, String taskId, String message,
                           String timestamp, String action, String description) {

    public static ActivityItem of(TaskEvent event, OrchestratorRef orchestrator) {
        return of(event.plan(), event.taskId(), event.action(), event.description(), event.timestamp(),
                during(orchestrator, event.epochMillis()));
    }

    public static ActivityItem of(String plan, String taskId, String action, String description, String timestamp,
                                  String orchestratorId) {
        String message = "Task " + taskId + " " + action + (description == null || description.isBlank() ? "" : ": " + description);
        return new ActivityItem(plan + ":" + taskId + ":" + action + ":" + timestamp, "task:" + action, orchestratorId, plan,
                taskId, message, timestamp, action, description);
    }

    /** The orchestrator's id if it had started by {@code epochMillis}. */
    private static String during(OrchestratorRef orchestrator, long epochMillis) {
        if (orchestrator == null || orchestrator.id() == null) {
            return null;
        }
        return Timestamps.parse(orchestrator.startedAt())
                .filter(started -> started.toEpochMilli() <= epochMillis)
                .map(started -> orchestrator.id())
                .orElse(null);
    }
}
