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

    /**
     * The file {@code name} of {@code directory} as a tree, read without following a link and at
     * most {@code maxBytes} long ({@link ContainedDirectory.TooLargeException} otherwise); a file
     * that is not JSON, or not a JSON object, is {@link UnusableStatusException}.
     */
    public static ObjectNode read(ObjectMapper mapper, ContainedDirectory directory, String name, long maxBytes) throws IOException {
        byte[] content = directory.read(name, maxBytes);
        JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UnusableStatusException("it is not valid JSON");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new UnusableStatusException("it is not a JSON object");
        }
        if (!object.path("tasks").isArray()) {
            throw new UnusableStatusException("it has no task list");
        }
        return object;
    }

    /**
     * Stamps, recounts and writes {@code status} as the file {@code name} of {@code directory}:
     * to a temporary file of the same directory, renamed over (both relative to the open
     * directory). Returns the bytes written; the temporary file is removed when the write fails.
     */
    public static byte[] commit(ObjectMapper mapper, ContainedDirectory directory, String name, ObjectNode status) throws IOException {
        status.put("lastUpdatedAt", Timestamps.now());
        recount(status);
        byte[] bytes = Json.javascriptStyle(mapper, status);
        String tmp = name + ".tmp." + ProcessHandle.current().pid();
        try {
            directory.write(tmp, bytes);
            directory.rename(tmp, name);
        } catch (IOException | RuntimeException e) {
            directory.deleteFile(tmp);
            throw e;
        }
        return bytes;
    }

    /** A status.json whose content cannot be changed (not JSON, not an object, no task list); the message says which, without parser details. */
    public static final class UnusableStatusException extends IOException {
        public UnusableStatusException(String reason) {
            super(reason, null);
        }
    }

    /** Stamps, recounts and writes {@code status} to {@code file}; returns the bytes written. */
    public static byte[] commit(ObjectMapper mapper, Path file, ObjectNode status) throws IOException {
        status.put("lastUpdatedAt", Timestamps.now());
        recount(status);
        byte[] bytes = Json.javascriptStyle(mapper, status);
        replace(file, bytes);
        return bytes;
    }

    /**
     * Replaces {@code file} with {@code bytes}: written to a temporary file beside it, renamed over, so
     * a reader sees the old content or the new, never a part; the temporary file is removed when the
     * write fails.
     */
    public static void replace(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
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
