package dev.planwatch.plans;

/** The first task in progress. */
public record CurrentTask(String id, String description, String startedAt) {
}
