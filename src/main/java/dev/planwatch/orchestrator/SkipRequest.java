package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST …/tasks/{taskId}/skip}: why the task is skipped (kept in status.json as {@code skipReason}). */
@RegisterForReflection
public record SkipRequest(@Schema(maxLength = SkipRequest.MAX_REASON_LENGTH) String reason) {

    public static final SkipRequest DEFAULTS = new SkipRequest(null);
    /** The longest reason kept. */
    public static final int MAX_REASON_LENGTH = 1000;
}
