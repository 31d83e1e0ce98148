package dev.planwatch.plans;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A task as the API serves it; {@code status} is always one of the five known values. */
@RegisterForReflection
public record TaskView(
        String id,
        String phase,
        String description,
        String status,
        String startedAt,
        String completedAt,
        Long durationMs,
        String notes,
        String error,
        String findingsPath) {
}
