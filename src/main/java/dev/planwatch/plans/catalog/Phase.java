package dev.planwatch.plans.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Tasks grouped by their phase heading, in the order of their first task.
 *
 * @param number      from {@code Phase N} or a bare number, else 0
 * @param status      by the plan's own rule over the phase's tasks (pending, in_progress, completed, failed)
 * @param startedAt   the earliest {@code startedAt} of its tasks
 * @param completedAt the latest {@code completedAt} of its tasks, once none is pending or in progress
 * @param tasks       its tasks (in a plan's detail; absent from the list)
 */
@RegisterForReflection
public record Phase(int number, String name, String status, int total, int completed, int percentage,
                    String startedAt, String completedAt,
                    @JsonInclude(JsonInclude.Include.NON_NULL) List<TaskView> tasks) {

    public Phase withTasks(List<TaskView> phaseTasks) {
        return new Phase(number, name, status, total, completed, percentage, startedAt, completedAt, phaseTasks);
    }
}
