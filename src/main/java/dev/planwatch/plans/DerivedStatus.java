package dev.planwatch.plans;

import java.util.List;

/** Everything computed from one status.json, once per version of the file. */
public record DerivedStatus(
        Progress progress,
        String status,
        List<Phase> phases,
        CurrentTask currentTask,
        String currentPhase,
        List<TaskView> tasks,
        List<RunView> runs,
        List<TaskEvent> events) {

    public static final DerivedStatus EMPTY = new DerivedStatus(Progress.EMPTY, "pending", List.of(), null, null,
            List.of(), List.of(), List.of());
}
