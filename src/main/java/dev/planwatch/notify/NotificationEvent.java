package dev.planwatch.notify;

import dev.planwatch.plans.PlanSummary;
import dev.planwatch.plans.catalog.Progress;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What every channel is told: the generic webhook's body, the command's standard input, the page's
 * desktop notification. {@code id} is stable: the same transition derived again (after a restart,
 * say) has the same id, so a receiver can drop a repeat by it.
 *
 * @param type      {@code plan.completed}, {@code plan.failed}, {@code task.failed},
 *                  {@code orchestrator.crashed}, {@code plan.stalled}, or {@code notification.test}
 * @param status    the plan's status when the event was derived
 * @param taskId    the failed task ({@code task.failed}; for {@code plan.failed} the first failed task), else null
 * @param error     that task's error as status.json records it, else null
 * @param message   one readable sentence (what the chat channels post)
 * @param link      the plan's page
 * @param timestamp when planwatch derived the event (ISO-8601, UTC)
 */
@RegisterForReflection
@Schema(name = "NotificationEvent", description = "An event told to the notification channels")
public record NotificationEvent(
        String id,
        @Schema(enumeration = {"plan.completed", "plan.failed", "task.failed", "orchestrator.crashed", "plan.stalled",
                "notification.test"}) String type,
        String plan,
        String title,
        String status,
        Progress progress,
        PlanSummary summary,
        String orchestratorId,
        String taskId,
        String error,
        String message,
        String link,
        String timestamp) {
}
