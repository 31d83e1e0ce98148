package dev.planwatch.workspace;

import java.util.List;

/**
 * The status of a task in status.json, and of a plan derived from its tasks. The file holds the
 * wire spelling ({@link #wire()}); anything else, or nothing, counts as {@link #PENDING}, the way
 * the orchestrator's own tools treat a task they have not touched.
 */
public enum TaskStatus {
    PENDING("pending"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    FAILED("failed"),
    SKIPPED("skipped");

    /** The statuses a plan can have: a plan is never "skipped". */
    public static final List<TaskStatus> PLAN_STATUSES = List.of(PENDING, IN_PROGRESS, COMPLETED, FAILED);

    /** Every status, once: {@code values()} copies its array at each call, and this is called per task. */
    private static final TaskStatus[] ALL = values();

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    /** The spelling in status.json and in every reply. */
    public String wire() {
        return wire;
    }

    /** The status spelled {@code text}; unknown or missing text is {@link #PENDING}. */
    public static TaskStatus of(String text) {
        if (text != null) {
            for (TaskStatus status : ALL) {
                if (status.wire.equals(text)) {
                    return status;
                }
            }
        }
        return PENDING;
    }

    /** Whether {@code text} spells exactly this status. */
    public boolean is(String text) {
        return wire.equals(text);
    }

    /** The wire spellings of {@code statuses}, in order. */
    public static List<String> wireNames(List<TaskStatus> statuses) {
        return statuses.stream().map(TaskStatus::wire).toList();
    }
}
