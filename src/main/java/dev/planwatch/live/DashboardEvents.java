package dev.planwatch.live;

import dev.planwatch.plans.PlanView;
import dev.planwatch.plans.TaskView;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.workspace.TaskStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Derives the dashboard's events from two consecutive views of a plan: task transitions
 * ({@code task:started|completed|failed|skipped}), {@code plan:status} and {@code orchestrator:status}.
 */
public final class DashboardEvents {

    private DashboardEvents() {
    }

    public static List<LiveMessages.DashboardEvent> diff(PlanView before, PlanView after, String timestamp) {
        PlanView current = after != null ? after : before;
        String plan = current.name();
        String orchestratorId = current.orchestrator() == null ? null : current.orchestrator().id();
        List<LiveMessages.DashboardEvent> events = new ArrayList<>();

        OrchestratorRef was = before == null ? null : before.orchestrator();
        OrchestratorRef is = after == null ? null : after.orchestrator();
        if (!Objects.equals(was, is) && (is != null || was != null)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("orchestrator", is);
            data.put("previousStatus", was == null ? null : was.status());
            events.add(new LiveMessages.DashboardEvent("orchestrator:status", plan,
                    is != null ? is.id() : was.id(), timestamp, data));
        }

        if (after != null) {
            Map<String, String> previous = new HashMap<>();
            if (before != null) {
                for (TaskView task : before.derived().tasks()) {
                    previous.put(task.id(), task.status());
                }
            }
            for (TaskView task : after.derived().tasks()) {
                String old = previous.get(task.id());
                if (task.status().equals(old) || (old == null && before == null)) {
                    continue;
                }
                String type = switch (TaskStatus.of(task.status())) {
                    case IN_PROGRESS -> "task:started";
                    case COMPLETED -> "task:completed";
                    case FAILED -> "task:failed";
                    case SKIPPED -> "task:skipped";
                    case PENDING -> null;
                };
                if (type != null) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("taskId", task.id());
                    data.put("description", task.description());
                    data.put("phase", task.phase());
                    data.put("previousStatus", old);
                    data.put("status", task.status());
                    data.put("error", task.error());
                    events.add(new LiveMessages.DashboardEvent(type, plan, orchestratorId, timestamp, data));
                }
            }
        }

        String oldStatus = before == null ? null : before.status();
        String newStatus = after == null ? "removed" : after.status();
        if (!Objects.equals(oldStatus, newStatus)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", newStatus);
            data.put("previousStatus", oldStatus);
            data.put("progress", after == null ? null : after.progress());
            events.add(new LiveMessages.DashboardEvent("plan:status", plan, orchestratorId, timestamp, data));
        }
        return events;
    }
}
