package dev.planwatch.plans.catalog;

import java.util.List;

/**
 * Everything computed from one status.json, once per version of the file.
 *
 * @param createdAt status.json's {@code createdAt}
 * @param lastRunAt when the plan last ran: the newest run's {@code startedAt}, else its latest task event
 */
public record DerivedStatus(
        Progress progress,
        String status,
        List<Phase> phases,
        CurrentTask currentTask,
        String currentPhase,
        List<TaskView> tasks,
        List<RunView> runs,
        List<TaskEvent> events,
        String createdAt,
        String lastRunAt) {

    public static final DerivedStatus EMPTY = new DerivedStatus(Progress.EMPTY, "pending", List.of(), null, null,
            List.of(), List.of(), List.of(), null, null);
}
