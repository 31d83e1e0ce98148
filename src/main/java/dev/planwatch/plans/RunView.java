package dev.planwatch.plans;

/** One entry of status.json {@code runs[]}, with {@code id} normalised to {@code runId}. */
public record RunView(String runId, String startedAt, String completedAt, Integer tasksCompleted, Integer tasksFailed) {
}
