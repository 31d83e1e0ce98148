package dev.planwatch.workspace;

import java.util.List;

/**
 * What planwatch takes from a status.json: the fields it serves, as written. Unknown keys are
 * ignored; {@code summary} is deliberately not read (it is recounted from {@code tasks}).
 */
public record StatusDocument(
        String planPath,
        String planName,
        String createdAt,
        String lastUpdatedAt,
        String currentPhase,
        List<Task> tasks,
        List<Run> runs) {

    /** One task, with {@code description} falling back to {@code title}; {@code dependencies} are task ids. */
    public record Task(
            String id,
            String phase,
            String description,
            String status,
            String startedAt,
            String completedAt,
            String failedAt,
            Long durationMs,
            String notes,
            String error,
            String findingsPath,
            List<String> dependencies,
            Integer retryCount) {
    }

    /** One run, with {@code runId} falling back to {@code id}. */
    public record Run(String runId, String startedAt, String completedAt, Integer tasksCompleted, Integer tasksFailed) {
    }
}
