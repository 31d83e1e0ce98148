package dev.planwatch.live;

import dev.planwatch.plans.ActivityItem;
import dev.planwatch.plans.PlanSummary;
import dev.planwatch.plans.catalog.DerivedStatus;
import dev.planwatch.plans.catalog.PlanDerivations;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.StatusDigest;
import dev.planwatch.plans.catalog.TaskView;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.registry.OrchestratorState;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Timestamps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Derives the dashboard's events from two consecutive views of a plan: task transitions
 * ({@code task:started|completed|failed|skipped}, each with its {@code activity:new}),
 * {@code plan:status}, {@code orchestrator:status} (only when the orchestrator, its dashboard
 * state or the reason of a cluster run's failure or hold-up really changes: neither a heartbeat nor
 * a finer lifecycle step such as stopping is an event) and {@code orchestrator:progress} (when the progress of
 * a plan with an orchestrator changes).
 */
public final class DashboardEvents {

    private DashboardEvents() {
    }

    /**
     * The events between two views of a plan. {@code recordsOf} gives a view's full task records;
     * it is asked only when a task changed state, for the changed tasks' descriptions and errors.
     */
    public static List<LiveMessages.DashboardEvent> diff(PlanView before, PlanView after, String timestamp,
                                                         Function<PlanView, DerivedStatus> recordsOf) {
        PlanView current = after != null ? after : before;
        String plan = current.name();
        String orchestratorId = current.orchestrator() == null ? null : current.orchestrator().id();
        List<LiveMessages.DashboardEvent> events = new ArrayList<>();

        OrchestratorRef was = before == null ? null : before.orchestrator();
        OrchestratorRef is = after == null ? null : after.orchestrator();
        String wasState = stateOf(was, before);
        String isState = stateOf(is, after);
        if (orchestratorChanged(was, is) || !Objects.equals(wasState, isState) || !Objects.equals(reasonOf(was), reasonOf(is))) {
            // An orchestrator that has gone from the registry ended: with its plan complete, or stopped before.
            String status = is == null ? (current.progress().allCompleted() ? OrchestratorState.COMPLETED : OrchestratorState.STOPPED).wire() : isState;
            LiveMessages.OrchestratorStatusData data = new LiveMessages.OrchestratorStatusData(status, is == null, wasState,
                    is == null ? null : is.status(), was == null ? null : was.status(), is);
            events.add(new LiveMessages.DashboardEvent("orchestrator:status", plan,
                    is != null ? is.id() : was.id(), timestamp, data));
        }
        if (is != null && after != null && (before == null || !before.progress().equals(after.progress())
                || !Objects.equals(currentTaskId(before), currentTaskId(after)))) {
            String phase = after.digest().currentPhase();
            LiveMessages.OrchestratorProgressData data = new LiveMessages.OrchestratorProgressData(after.progress().percentage(),
                    phase == null ? null : PlanDerivations.phaseNumber(phase), currentTaskId(after), PlanSummary.of(after.progress()));
            events.add(new LiveMessages.DashboardEvent("orchestrator:progress", plan, is.id(), timestamp, data));
        }

        if (after != null && before != null) {
            List<Transition> transitions = transitions(before.digest(), after.digest());
            DerivedStatus records = transitions.isEmpty() ? null : recordsOf.apply(after);
            for (Transition transition : transitions) {
                TaskView task = taskOf(records, transition);
                String type = switch (transition.status()) {
                    case IN_PROGRESS -> "task:started";
                    case COMPLETED -> "task:completed";
                    case FAILED -> "task:failed";
                    case SKIPPED -> "task:skipped";
                    case PENDING -> null;
                };
                if (type != null) {
                    LiveMessages.TaskEventData data = new LiveMessages.TaskEventData(task.id(), task.description(), task.phase(),
                            task.phaseName(), transition.previous(), transition.status().wire(), task.error());
                    events.add(new LiveMessages.DashboardEvent(type, plan, orchestratorId, timestamp, data));
                    events.add(new LiveMessages.DashboardEvent("activity:new", plan, orchestratorId, timestamp,
                            activity(type, plan, orchestratorId, task, timestamp)));
                }
            }
        }

        String oldStatus = before == null ? null : before.status();
        String newStatus = after == null ? "removed" : after.status();
        if (!Objects.equals(oldStatus, newStatus)) {
            LiveMessages.PlanStatusData data = new LiveMessages.PlanStatusData(newStatus, oldStatus,
                    after == null ? null : after.progress());
            events.add(new LiveMessages.DashboardEvent("plan:status", plan, orchestratorId, timestamp, data));
        }
        return events;
    }

    /** A task whose status differs from the one its id had before ({@code previous} null for a new task). */
    private record Transition(int index, String taskId, String previous, TaskStatus status) {
    }

    /** The tasks of {@code after} whose status is not what their id had in {@code before}. */
    private static List<Transition> transitions(StatusDigest before, StatusDigest after) {
        List<Transition> transitions = new ArrayList<>();
        if (before.sameTasks(after)) {
            for (int i = 0; i < after.taskCount(); i++) {
                if (before.taskStatus(i) != after.taskStatus(i)) {
                    transitions.add(new Transition(i, after.taskId(i), before.taskStatus(i).wire(), after.taskStatus(i)));
                }
            }
            return transitions;
        }
        // Ids moved, came or went: compare by id (a repeated id compares with its last occurrence).
        Map<String, TaskStatus> previous = new HashMap<>();
        for (int i = 0; i < before.taskCount(); i++) {
            previous.put(before.taskId(i), before.taskStatus(i));
        }
        for (int i = 0; i < after.taskCount(); i++) {
            TaskStatus old = previous.get(after.taskId(i));
            if (old != after.taskStatus(i)) {
                transitions.add(new Transition(i, after.taskId(i), old == null ? null : old.wire(), after.taskStatus(i)));
            }
        }
        return transitions;
    }

    /** The changed task's full record; if the records are of a newer version that lost it, what the digest knows. */
    private static TaskView taskOf(DerivedStatus records, Transition transition) {
        List<TaskView> tasks = records.tasks();
        if (transition.index() < tasks.size() && tasks.get(transition.index()).id().equals(transition.taskId())) {
            return tasks.get(transition.index());
        }
        return tasks.stream().filter(t -> t.id().equals(transition.taskId())).findFirst()
                .orElseGet(() -> TaskView.statusOnly(transition.taskId(), transition.status().wire()));
    }

    /** Another orchestrator (or none any more): a heartbeat or a finer lifecycle step of the same one is no change. */
    private static boolean orchestratorChanged(OrchestratorRef was, OrchestratorRef is) {
        if (was == null || is == null) {
            return was != is;
        }
        return !Objects.equals(was.id(), is.id());
    }

    /** Why a run in the cluster failed or is held up: a reason that comes or changes is news even in the same state. */
    private static String reasonOf(OrchestratorRef orchestrator) {
        return orchestrator == null ? null : orchestrator.reason();
    }

    /** The dashboard's state of the plan's orchestrator (paused is not known here: it lives in the orchestrator). */
    private static String stateOf(OrchestratorRef orchestrator, PlanView view) {
        if (orchestrator == null) {
            return null;
        }
        return OrchestratorState.of(orchestrator.status(), null, view.progress().allCompleted()).wire();
    }


    private static String currentTaskId(PlanView view) {
        return view.digest().currentTask() == null ? null : view.digest().currentTask().id();
    }

    /**
     * The activity item of a task transition, stamped with the task's own time of it when status.json
     * has one (so its id is the one {@code /api/activity} gives the same event), else with now.
     */
    private static ActivityItem activity(String type, String plan, String orchestratorId, TaskView task, String now) {
        String action = type.substring("task:".length());
        String at = "started".equals(action) ? task.startedAt() : task.completedAt();
        return ActivityItem.of(plan, task.id(), action, task.description(),
                Timestamps.parse(at).isPresent() ? at : now, orchestratorId);
    }
}
