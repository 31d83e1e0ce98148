package dev.planwatch.plans.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A task as the API serves it; {@code status} is always one of the five known values.
 *
 * @param phase       the number of its phase ({@code Phase 2: …} → 2; 0 when the heading has none)
 * @param phaseName   its phase heading as status.json has it
 * @param duration    milliseconds: status.json's {@code duration}, else from {@code startedAt} to {@code completedAt}
 * @param durationMs  status.json's own {@code duration}, as written
 * @param retryCount  how often it was retried (status.json's {@code retryCount}, 0 when absent)
 * @param maxRetries  how often the orchestrator retries a task; a task may be retried while {@code retryCount} is below it
 */
@RegisterForReflection
public record TaskView(
        String id,
        int phase,
        String phaseName,
        String description,
        String status,
        String startedAt,
        String completedAt,
        Long duration,
        Long durationMs,
        String notes,
        String error,
        String findingsPath,
        List<String> dependencies,
        int retryCount,
        int maxRetries) {

    /** The original orchestrator's {@code MAX_RETRIES}. */
    public static final int MAX_RETRIES = 2;

    /** A task known by its id and status only (its record could not be read). */
    public static TaskView statusOnly(String id, String status) {
        return new TaskView(id, 0, null, null, status, null, null, null, null, null, null, null, List.of(), 0, MAX_RETRIES);
    }
}
