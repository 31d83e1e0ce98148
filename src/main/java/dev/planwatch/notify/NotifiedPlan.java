package dev.planwatch.notify;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What was last told of one plan (kept on disk, so a restart neither repeats nor loses an event).
 *
 * @param status              the plan status last seen
 * @param failedTasks         the tasks failed at the last look (each told once while it stays failed)
 * @param failureTold         plan.failed was told, and the plan still has a failed task
 * @param crashedOrchestrator the orchestrator whose crash was told
 * @param stallTold           the quiet period whose stall was told: orchestrator, heartbeat and status version
 */
@RegisterForReflection
public record NotifiedPlan(String status, List<String> failedTasks, boolean failureTold, String crashedOrchestrator,
                           String stallTold) {

    public NotifiedPlan {
        failedTasks = failedTasks == null ? List.of() : List.copyOf(failedTasks);
    }
}
