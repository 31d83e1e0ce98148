package dev.planwatch.orchestrator.demo;

import dev.planwatch.workspace.StatusFileInitialiser;
import dev.planwatch.workspace.StatusFileLock;
import dev.planwatch.workspace.StatusFileWriter;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A plan's status.json as the demo orchestrator and its workers change it: every change is a
 * read-modify-write under the status tools' lock, committed by {@link StatusFileWriter} the way the
 * orchestrator's own status tools write it.
 */
final class DemoStatusFile {

    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path file;

    DemoStatusFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Creates status.json from the plan's markdown when it is missing; the number of tasks, or -1 when it existed. */
    int initialiseFrom(Path markdown, String planPath, String plan) throws IOException {
        return StatusFileInitialiser.initialise(file, markdown, planPath, plan);
    }

    /** The first pending task (of {@code only}, when not empty). */
    Optional<String> nextPending(Set<String> only) throws IOException {
        for (JsonNode task : read().withArray("tasks")) {
            String id = task.path("id").asText();
            if (TaskStatus.PENDING.is(task.path("status").asText(TaskStatus.PENDING.wire())) && (only.isEmpty() || only.contains(id))) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The task's status, pending when it has none. */
    TaskStatus statusOf(String taskId) throws IOException {
        for (JsonNode task : read().withArray("tasks")) {
            if (taskId.equals(task.path("id").asText())) {
                return TaskStatus.of(task.path("status").asText(null));
            }
        }
        return TaskStatus.PENDING;
    }

    /** Moves a task to {@code to}, stamping the time the move means. */
    void setTask(String taskId, TaskStatus to) throws IOException {
        try (StatusFileLock ignored = StatusFileLock.acquire(file, LOCK_TIMEOUT)) {
            ObjectNode status = read();
            String now = Timestamps.now();
            for (JsonNode task : status.withArray("tasks")) {
                if (taskId.equals(task.path("id").asText()) && task instanceof ObjectNode object) {
                    object.put("status", to.wire());
                    switch (to) {
                        case IN_PROGRESS -> {
                            object.put("startedAt", now);
                            status.put("currentPhase", task.path("phase").asText(null));
                        }
                        case COMPLETED -> object.put("completedAt", now);
                        case FAILED -> object.put("failedAt", now).put("error", "Simulated failure (demo orchestrator)");
                        default -> {
                            // pending again: its earlier times stay, as the status tools leave them
                        }
                    }
                }
            }
            StatusFileWriter.commit(mapper, file, status);
        }
    }

    private ObjectNode read() throws IOException {
        return StatusFileWriter.read(mapper, file);
    }
}
