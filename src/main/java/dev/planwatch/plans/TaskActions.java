package dev.planwatch.plans;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.catalog.PlanDerivations;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.TaskView;
import dev.planwatch.workspace.ContainedDirectory;
import dev.planwatch.workspace.StatusDocument;
import dev.planwatch.workspace.StatusFileLock;
import dev.planwatch.workspace.StatusFileReader;
import dev.planwatch.workspace.StatusFileWriter;
import dev.planwatch.workspace.StatusReadGate;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Skip and retry of a task: the only place planwatch writes a status.json. Each change is made as
 * the orchestrator's status tools make it ({@link StatusFileWriter}), under their lock
 * ({@code status.json.lock}, stale after 60 s), so none of the writers loses another's change.
 * <ul>
 * <li>skip: from pending or failed; {@code status = skipped}, {@code completedAt} now,
 * {@code skipReason} the reason;</li>
 * <li>retry: from failed or skipped while {@code retryCount} is under {@link #MAX_RETRIES};
 * {@code status = pending}, every result of the previous attempt removed ({@code startedAt},
 * {@code completedAt}, {@code failedAt}, {@code error}, {@code lastError}, {@code skipReason}),
 * {@code retryCount} + 1 (the count and the plan's runs stay).</li>
 * </ul>
 * The file is changed in its directory opened without following links (a directory swapped for a
 * link while the lock was awaited answers 409 {@code STATUS_MOVED}, and nothing outside the
 * workspace is touched), read at most {@code planwatch.status-max-size} bytes (413
 * {@code STATUS_TOO_LARGE}), and one that is not a JSON object with a task list answers 409
 * {@code STATUS_UNUSABLE}. Big files are changed one at a time ({@link StatusReadGate}).
 */
@ApplicationScoped
public class TaskActions {

    /** Retries a task may have: the orchestrator's own limit. */
    public static final int MAX_RETRIES = 2;
    private static final Set<TaskStatus> SKIPPABLE = Set.of(TaskStatus.PENDING, TaskStatus.FAILED);
    private static final Set<TaskStatus> RETRYABLE = Set.of(TaskStatus.FAILED, TaskStatus.SKIPPED);
    /** What a task's previous attempt left on it, all removed by a retry. */
    private static final List<String> PREVIOUS_ATTEMPT = List.of("startedAt", "completedAt", "failedAt", "error", "lastError", "skipReason");

    private final PlanService plans;
    private final Workspace workspace;
    private final StatusFileReader reader;
    private final ObjectMapper mapper;
    private final Duration lockWait;
    private final StatusReadGate gate;

    public TaskActions(PlanService plans, Workspace workspace, StatusFileReader reader, ObjectMapper mapper, PlanwatchConfig config,
                       StatusReadGate gate) {
        this.plans = plans;
        this.gate = gate;
        this.workspace = workspace;
        this.reader = reader;
        this.mapper = mapper;
        this.lockWait = config.statusLockWait();
    }

    /** The outcome of an action: the task as it is now, and what was done. */
    public record Outcome(TaskView task, String message) {
    }

    public Outcome skip(String plan, String taskId, String reason) {
        return change(plan, taskId, (task, status) -> {
            if (!SKIPPABLE.contains(status)) {
                throw refused(ErrorCode.TASK_NOT_SKIPPABLE, "Task " + taskId + " is " + status.wire() + "; only a pending or failed task"
                        + " can be skipped", plan, taskId, status);
            }
            task.put("status", TaskStatus.SKIPPED.wire());
            task.put("completedAt", Timestamps.now());
            task.put("skipReason", reason == null || reason.isBlank() ? "Skipped from planwatch" : reason);
            return "Task " + taskId + " skipped";
        });
    }

    public Outcome retry(String plan, String taskId) {
        return change(plan, taskId, (task, status) -> {
            int retries = task.path("retryCount").asInt(0);
            if (!RETRYABLE.contains(status)) {
                throw refused(ErrorCode.TASK_NOT_RETRYABLE, "Task " + taskId + " is " + status.wire() + "; only a failed or skipped task"
                        + " can be retried", plan, taskId, status);
            }
            if (retries >= MAX_RETRIES) {
                throw refused(ErrorCode.TASK_NOT_RETRYABLE, "Task " + taskId + " was retried " + retries + " times already (at most "
                        + MAX_RETRIES + ")", plan, taskId, status);
            }
            task.put("status", TaskStatus.PENDING.wire());
            task.remove(PREVIOUS_ATTEMPT);
            task.put("retryCount", retries + 1);
            return "Task " + taskId + " reset for retry";
        });
    }

    @FunctionalInterface
    private interface TaskChange {
        /** Changes {@code task} (whose status is {@code status}) in place; returns the message. */
        String apply(ObjectNode task, TaskStatus status);
    }

    private Outcome change(String plan, String taskId, TaskChange change) {
        PlanView view = plans.require(plans.snapshot(), plan);
        if (!view.hasStatus()) {
            throw taskNotFound(plan, taskId);
        }
        Path file = workspace.contained(workspace.resolve(view.statusFile()));
        return gate.around(file, () -> changeContained(plan, taskId, file, change));
    }

    private Outcome changeContained(String plan, String taskId, Path file, TaskChange change) {
        String name = file.getFileName().toString();
        Map<String, Object> details = Map.of("plan", plan, "file", workspace.relative(file));
        try (ContainedDirectory directory = workspace.openDirectory(file.getParent());
             StatusFileLock ignored = lock(directory, name, details)) {
            ObjectNode status = StatusFileWriter.read(mapper, directory, name, gate.maxBytes());
            ObjectNode task = null;
            for (JsonNode candidate : status.withArray("tasks")) {
                if (candidate instanceof ObjectNode object && taskId.equals(candidate.path("id").asText(null))) {
                    task = object;
                    break;
                }
            }
            if (task == null) {
                throw taskNotFound(plan, taskId);
            }
            String message = change.apply(task, TaskStatus.of(task.path("status").asText(null)));
            byte[] written = StatusFileWriter.commit(mapper, directory, name, status);
            return new Outcome(taskViewOf(written, taskId), message);
        } catch (ContainedDirectory.TooLargeException e) {
            throw new ApiException(ErrorCode.STATUS_TOO_LARGE, "The status.json of plan " + plan + " is larger than "
                    + e.maxBytes() + " bytes (planwatch.status-max-size): planwatch does not change it", details);
        } catch (StatusFileWriter.UnusableStatusException e) {
            throw new ApiException(ErrorCode.STATUS_UNUSABLE, "The status.json of plan " + plan + " cannot be changed: "
                    + e.getMessage(), details);
        } catch (ContainedDirectory.LeftWorkspaceException e) {
            throw new ApiException(ErrorCode.STATUS_MOVED, "The output directory of plan " + plan
                    + " was replaced while the change waited: nothing was written", details);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INTERNAL_ERROR, "The status.json of plan " + plan + " could not be changed",
                    Map.of("plan", plan, "reason", e.getClass().getSimpleName()));
        }
    }

    private StatusFileLock lock(ContainedDirectory directory, String name, Map<String, Object> details) throws IOException {
        try {
            return StatusFileLock.acquire(directory, name, lockWait);
        } catch (ContainedDirectory.LeftWorkspaceException e) {
            throw e;
        } catch (IOException e) {
            Map<String, Object> waited = new java.util.LinkedHashMap<>(details);
            waited.put("waitedSeconds", lockWait.toSeconds());
            throw new ApiException(ErrorCode.STATUS_LOCKED, "Another writer holds the lock of this status.json; try again", waited);
        }
    }

    private TaskView taskViewOf(byte[] written, String taskId) throws IOException {
        try {
            StatusDocument document = reader.parse(written);
            return document.tasks().stream().filter(t -> taskId.equals(t.id())).findFirst()
                    .map(PlanDerivations::taskView)
                    .orElseThrow(() -> new IOException("task vanished"));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static ApiException taskNotFound(String plan, String taskId) {
        return new ApiException(ErrorCode.TASK_NOT_FOUND, "Plan " + plan + " has no task " + taskId, Map.of("plan", plan, "taskId", taskId));
    }

    private static ApiException refused(ErrorCode code, String message, String plan, String taskId, TaskStatus status) {
        return new ApiException(code, message, Map.of("plan", plan, "taskId", taskId, "status", status.wire()));
    }
}
