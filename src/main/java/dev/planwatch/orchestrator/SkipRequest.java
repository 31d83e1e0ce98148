package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST …/tasks/{taskId}/skip}: why the task is skipped (kept in status.json as {@code skipReason}). */
@RegisterForReflection
public record SkipRequest(String reason) {

    public static final SkipRequest DEFAULTS = new SkipRequest(null);
    /** The longest reason kept. */
    public static final int MAX_REASON_LENGTH = 1000;
}
