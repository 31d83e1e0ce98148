package dev.planwatch.live;

import dev.planwatch.plans.PlanDerivations;
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
 * ({@code task:started|completed|failed|skipped}, each with its {@code activity:new}),
 * {@code plan:status}, {@code orchestrator:status} (only when the orchestrator or its status
 * really changes: a heartbeat is no event) and {@code orchestrator:progress} (when the progress of
 * a plan with an orchestrator changes).
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
        if (statusChanged(was, is)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", is == null ? "removed" : is.status());
            data.put("previousStatus", was == null ? null : was.status());
            data.put("orchestrator", is);
            events.add(new LiveMessages.DashboardEvent("orchestrator:status", plan,
                    is != null ? is.id() : was.id(), timestamp, data));
        }
        if (is != null && after != null && (before == null || !before.progress().equals(after.progress())
                || !Objects.equals(currentTaskId(before), currentTaskId(after)))) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("progress", after.progress().percentage());
            data.put("currentPhase", after.derived().currentPhase() == null ? null
                    : PlanDerivations.phaseNumber(after.derived().currentPhase()));
            data.put("currentTask", currentTaskId(after));
            data.put("summary", LiveMessages.TaskSummary.of(after.progress()));
            events.add(new LiveMessages.DashboardEvent("orchestrator:progress", plan, is.id(), timestamp, data));
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
                    events.add(new LiveMessages.DashboardEvent("activity:new", plan, orchestratorId, timestamp,
                            activity(type, plan, orchestratorId, task, timestamp)));
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

    /** A change of orchestrator, of its status, or of whether it runs; never a heartbeat alone. */
    private static boolean statusChanged(OrchestratorRef was, OrchestratorRef is) {
        if (was == null || is == null) {
            return was != is;
        }
        return !Objects.equals(was.id(), is.id()) || !Objects.equals(was.status(), is.status()) || was.running() != is.running();
    }

    private static String currentTaskId(PlanView view) {
        return view.derived().currentTask() == null ? null : view.derived().currentTask().id();
    }

    /** The activity item of a task transition: what a person reads in the feed. */
    private static LiveMessages.ActivityEvent activity(String type, String plan, String orchestratorId, TaskView task, String timestamp) {
        String verb = type.substring("task:".length());
        String description = task.description() == null ? "" : ": " + task.description();
        return new LiveMessages.ActivityEvent(plan + ":" + task.id() + ":" + verb + ":" + timestamp, type, orchestratorId, plan,
                task.id(), "Task " + task.id() + " " + verb + description, timestamp);
    }
}
