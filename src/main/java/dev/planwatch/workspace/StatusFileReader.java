package dev.planwatch.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads status.json files (read-only, always) through a parse cache keyed by file stamp. */
@ApplicationScoped
public class StatusFileReader {

    /** Real files are at most 45 KB; 16 MB leaves room for 1,000-task plans without risking memory. */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final ObjectMapper mapper;
    private final FileParseCache<StatusDocument> cache;

    public StatusFileReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.cache = new FileParseCache<>(this::parse, MAX_BYTES);
    }

    public Optional<ParsedFile<StatusDocument>> read(Path statusFile) {
        return cache.read(statusFile);
    }

    public void invalidate(Path statusFile) {
        cache.invalidate(statusFile);
    }

    /** Parses status.json bytes (as read from disk, or as just written). */
    public StatusDocument parse(byte[] content) throws Exception {
        JsonNode root = mapper.readTree(content);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("status.json is not a JSON object");
        }
        JsonNode tasksNode = root.get("tasks");
        if (tasksNode != null && !tasksNode.isNull() && !tasksNode.isArray()) {
            throw new IllegalArgumentException("status.json 'tasks' is not an array");
        }
        List<StatusDocument.Task> tasks = new ArrayList<>();
        if (tasksNode != null) {
            int index = 0;
            for (JsonNode task : tasksNode) {
                index++;
                if (!task.isObject()) {
                    continue;
                }
                String id = Json.text(task, "id");
                tasks.add(new StatusDocument.Task(
                        id == null ? "#" + index : id,
                        Json.text(task, "phase"),
                        Json.firstText(task, "description", "title"),
                        Json.text(task, "status"),
                        Json.text(task, "startedAt"),
                        Json.text(task, "completedAt"),
                        Json.text(task, "failedAt"),
                        Json.longValue(task, "duration"),
                        Json.text(task, "notes"),
                        Json.firstText(task, "error", "lastError"),
                        Json.text(task, "findingsPath"),
                        Json.texts(task, "dependencies"),
                        Json.intValue(task, "retryCount")));
            }
        }
        List<StatusDocument.Run> runs = new ArrayList<>();
        JsonNode runsNode = root.get("runs");
        if (runsNode != null && runsNode.isArray()) {
            for (JsonNode run : runsNode) {
                if (run.isObject()) {
                    runs.add(new StatusDocument.Run(
                            Json.firstText(run, "runId", "id"),
                            Json.text(run, "startedAt"),
                            Json.text(run, "completedAt"),
                            Json.intValue(run, "tasksCompleted"),
                            Json.intValue(run, "tasksFailed")));
                }
            }
        }
        return new StatusDocument(
                Json.text(root, "planPath"),
                Json.text(root, "planName"),
                Json.text(root, "createdAt"),
                Json.text(root, "lastUpdatedAt"),
                Json.text(root, "currentPhase"),
                List.copyOf(tasks),
                List.copyOf(runs));
    }
}
