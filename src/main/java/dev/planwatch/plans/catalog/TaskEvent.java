package dev.planwatch.plans.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Something that happened to a task, read from its timestamps: {@code started}, {@code completed},
 * {@code failed} or {@code skipped}.
 */
@RegisterForReflection
public record TaskEvent(String plan, String taskId, String action, String description, String timestamp,
                        @JsonIgnore long epochMillis) {
}
