package dev.planwatch.notify;

import java.util.Arrays;
import java.util.Optional;

/** The events planwatch tells, by their wire names. */
public enum EventType {
    PLAN_COMPLETED("plan.completed"),
    PLAN_FAILED("plan.failed"),
    TASK_FAILED("task.failed"),
    ORCHESTRATOR_CRASHED("orchestrator.crashed"),
    PLAN_STALLED("plan.stalled"),
    /** Sent by {@code POST /api/notifications/test} to every enabled channel, whatever its selection. */
    TEST("notification.test");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire.trim())).findFirst();
    }
}
