package dev.planwatch.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A status.json changed the way the orchestrator's status tools change it: the whole file read as a
 * tree (every key kept as written), {@code lastUpdatedAt} set, the summary recounted from the tasks,
 * written in their JSON style to {@code status.json.tmp.<pid>} and renamed over. Callers hold the
 * file's {@link StatusFileLock} around the read and the commit.
 */
public final class StatusFileWriter {

    private StatusFileWriter() {
    }

    /** The file as a tree; a file that is not a JSON object cannot be changed. */
    public static ObjectNode read(ObjectMapper mapper, Path file) throws IOException {
        JsonNode root = mapper.readTree(Files.readAllBytes(file));
        if (!(root instanceof ObjectNode object)) {
            throw new IOException(file.getFileName() + " is not a JSON object");
        }
        return object;
    }

    /** Stamps, recounts and writes {@code status} to {@code file}; returns the bytes written. */
    public static byte[] commit(ObjectMapper mapper, Path file, ObjectNode status) throws IOException {
        status.put("lastUpdatedAt", Timestamps.now());
        recount(status);
        byte[] bytes = Json.javascriptStyle(mapper, status);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return bytes;
    }

    /** The summary as the status tools keep it: the total and one count per status (its other keys kept). */
    static void recount(ObjectNode status) {
        StatusTally tally = new StatusTally();
        status.withArray("tasks").forEach(task -> tally.add(task.path("status").asText(null)));
        JsonNode existing = status.get("summary");
        ObjectNode summary = existing instanceof ObjectNode object ? object : status.putObject("summary");
        summary.put("totalTasks", tally.total());
        for (TaskStatus bucket : TaskStatus.values()) {
            summary.put(bucket.wire(), tally.get(bucket));
        }
    }
}
