package dev.planwatch.plans.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The first task in progress. */
@RegisterForReflection
public record CurrentTask(String id, String description, String startedAt) {
}
