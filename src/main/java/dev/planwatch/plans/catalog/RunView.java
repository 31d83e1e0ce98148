package dev.planwatch.plans.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One entry of status.json {@code runs[]}, with {@code id} normalised to {@code runId}. */
@RegisterForReflection
public record RunView(String runId, String startedAt, String completedAt, Integer tasksCompleted, Integer tasksFailed) {
}
