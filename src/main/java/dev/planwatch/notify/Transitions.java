package dev.planwatch.notify;

import dev.planwatch.plans.PlanSummary;
import dev.planwatch.plans.catalog.DerivedStatus;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.TaskView;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.registry.OrchestratorState;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Timestamps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The events between what was last told of a plan and how it is now. Only transitions are told:
 * a plan first seen (no record of it) is recorded as it is, without an event, so starting on a
 * workspace of finished plans tells nothing. Event ids are derived from the plan's state, never
 * from a clock or a counter, so the same transition derived twice has the same id.
 */
final class Transitions {

    /** The events to tell and what to remember of the plan from now on. */
    record Outcome(List<NotificationEvent> events, NotifiedPlan next) {
    }

    /** What the event texts need besides the plan: the page's address and the current time. */
    record Context(String pageUrl, Instant now, Duration stallAfter, Instant lastActivitySeen) {
    }

    private Transitions() {
    }

    /** The plan's state as it is, with nothing to tell (a plan seen for the first time). */
    static NotifiedPlan baseline(PlanView view) {
        OrchestratorRef orchestrator = view.orchestrator();
        return new NotifiedPlan(view.status(), failedTaskIds(view), failedNow(view),
                crashed(orchestrator) ? orchestrator.id() : null, null);
    }

    /**
     * @param told    what was told of the plan, null when the plan is new to planwatch
     * @param records the plan's full task records, asked for only when a task newly failed
     */
    static Outcome between(NotifiedPlan told, PlanView view, Supplier<DerivedStatus> records, Context context) {
        if (told == null) {
            return new Outcome(List.of(), baseline(view));
        }
        List<NotificationEvent> events = new ArrayList<>();
        List<String> failed = failedTaskIds(view);
        List<String> newlyFailed = failed.stream().filter(id -> !told.failedTasks().contains(id)).toList();
        List<TaskView> failedRecords = newlyFailed.isEmpty() ? List.of() : records.get().tasks().stream()
                .filter(t -> newlyFailed.contains(t.id()) && TaskStatus.FAILED.is(t.status())).toList();
        for (TaskView task : failedRecords) {
            events.add(event(EventType.TASK_FAILED, view, task, context,
                    task.id() + "|" + task.retryCount() + "|" + task.completedAt(),
                    "task " + task.id() + (task.description() == null ? "" : " (" + task.description() + ")") + " failed"
                            + (task.error() == null ? "" : ": " + task.error())));
        }

        boolean planFailed = TaskStatus.FAILED.is(view.status())
                || failedRecords.stream().anyMatch(t -> t.retryCount() >= t.maxRetries());
        boolean failureTold = told.failureTold();
        if (planFailed && !failureTold) {
            TaskView first = failedRecords.isEmpty() ? null : failedRecords.get(0);
            events.add(event(EventType.PLAN_FAILED, view, first, context, fingerprint(view),
                    "failed: " + view.progress().failed() + " of " + view.progress().total() + " tasks failed"
                            + (TaskStatus.FAILED.is(view.status()) ? " and nothing is left to run" : ", one with no retries left")));
            failureTold = true;
        }
        if (view.progress().failed() == 0) {
            failureTold = false;
        }

        if (TaskStatus.COMPLETED.is(view.status()) && !TaskStatus.COMPLETED.is(told.status())) {
            events.add(event(EventType.PLAN_COMPLETED, view, null, context, fingerprint(view),
                    "completed"));
        }

        OrchestratorRef orchestrator = view.orchestrator();
        String crashedOrchestrator = told.crashedOrchestrator();
        if (crashed(orchestrator) && !orchestrator.id().equals(crashedOrchestrator)) {
            events.add(event(EventType.ORCHESTRATOR_CRASHED, view, null, context, orchestrator.id(),
                    "its orchestrator " + orchestrator.id() + " is gone without unregistering"
                            + ("orphaned".equals(orchestrator.status()) ? " (only its workers are left)" : "")));
            crashedOrchestrator = orchestrator.id();
        }

        String stallTold = told.stallTold();
        Optional<String> stall = stall(view, context);
        if (stall.isPresent() && !stall.get().equals(stallTold)) {
            events.add(event(EventType.PLAN_STALLED, view, null, context, stall.get(),
                    "stalled: its orchestrator claims to run, but neither its heartbeat nor the plan's status changed for "
                            + minutes(context.stallAfter())));
            stallTold = stall.get();
        }
        return new Outcome(List.copyOf(events), new NotifiedPlan(view.status(), failed, failureTold, crashedOrchestrator, stallTold));
    }

    /** A test event: for every enabled channel, whatever it selects. */
    static NotificationEvent test(String pageUrl, Instant now) {
        return new NotificationEvent(UUID.randomUUID().toString(), EventType.TEST.wire(), null, null, null, null, null, null,
                null, null, "planwatch test notification: this channel works", pageUrl, Timestamps.format(now));
    }

    /**
     * The quiet period of a plan whose orchestrator claims to run and has shown no sign of life
     * for {@code stallAfter}, named by what would end it (orchestrator, heartbeat, status version).
     */
    static Optional<String> stall(PlanView view, Context context) {
        return stallDue(view, context).filter(due -> !due.isAfter(context.now())).map(due -> view.orchestrator().id() + "|"
                + view.orchestrator().lastHeartbeat() + "|" + fingerprint(view));
    }

    /**
     * When the plan is stalled if nothing happens before: {@code stallAfter} after the latest sign
     * of life (a change seen, the heartbeat, status.json's lastUpdatedAt, the orchestrator's start);
     * empty when it cannot stall (no orchestrator claiming to run, or the plan is complete).
     */
    static Optional<Instant> stallDue(PlanView view, Context context) {
        OrchestratorRef orchestrator = view.orchestrator();
        if (orchestrator == null || TaskStatus.COMPLETED.is(view.status()) || crashed(orchestrator)
                || OrchestratorState.of(orchestrator.status(), null, false) != OrchestratorState.RUNNING) {
            return Optional.empty();
        }
        Instant last = latest(context.lastActivitySeen(), Timestamps.parse(orchestrator.lastHeartbeat()).orElse(null),
                Timestamps.parse(view.lastUpdatedAt()).orElse(null), Timestamps.parse(orchestrator.startedAt()).orElse(null));
        return Optional.ofNullable(last).map(l -> l.plus(context.stallAfter()));
    }

    private static Instant latest(Instant... instants) {
        Instant latest = null;
        for (Instant instant : instants) {
            if (instant != null && (latest == null || instant.isAfter(latest))) {
                latest = instant;
            }
        }
        return latest;
    }

    /** Gone without unregistering ({@code crashed}), or gone leaving only its workers ({@code orphaned}). */
    private static boolean crashed(OrchestratorRef orchestrator) {
        return orchestrator != null && orchestrator.id() != null
                && ("crashed".equals(orchestrator.status()) || "orphaned".equals(orchestrator.status()));
    }

    private static boolean failedNow(PlanView view) {
        return view.progress().failed() > 0 && TaskStatus.FAILED.is(view.status());
    }

    private static List<String> failedTaskIds(PlanView view) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < view.digest().taskCount(); i++) {
            if (view.digest().taskStatus(i) == TaskStatus.FAILED) {
                ids.add(view.digest().taskId(i));
            }
        }
        return ids;
    }

    private static String fingerprint(PlanView view) {
        return Long.toHexString(view.digest().fingerprint());
    }

    private static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static NotificationEvent event(EventType type, PlanView view, TaskView task, Context context, String discriminator,
                                           String what) {
        String id = UUID.nameUUIDFromBytes((type.wire() + "\0" + view.name() + "\0" + discriminator).getBytes(StandardCharsets.UTF_8))
                .toString();
        String title = view.title() == null ? view.name() : view.title();
        String orchestratorId = view.orchestrator() == null ? null : view.orchestrator().id();
        String message = "Plan " + view.name() + " " + what + " (" + view.progress().completed() + " of " + view.progress().total()
                + " tasks done, " + view.progress().percentage() + " %)";
        return new NotificationEvent(id, type.wire(), view.name(), title, view.status(), view.progress(),
                PlanSummary.of(view.progress()), orchestratorId, task == null ? null : task.id(), task == null ? null : task.error(),
                message, context.pageUrl() + "#/plans/" + view.name(), Timestamps.format(context.now()));
    }
}
