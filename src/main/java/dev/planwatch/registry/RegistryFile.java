package dev.planwatch.registry;

import dev.planwatch.workspace.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Writes the registry the way the orchestrators do: under the registry lock, the whole file read
 * as a tree (every entry and key of other writers kept as written), written to {@code .json.tmp}
 * and renamed over. Used by the service and by the demo orchestrator.
 */
public final class RegistryFile {

    /** The registry's lock timeout, as the orchestrators use. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    private final Path file;
    private final ObjectMapper mapper;

    public RegistryFile(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    /** A change of the entries: returns whether it changed anything (nothing is written otherwise). */
    @FunctionalInterface
    public interface Change {
        boolean apply(ArrayNode instances);
    }

    public boolean update(Change change) throws IOException {
        try (RegistryLock ignored = RegistryLock.acquire(lockFile(), LOCK_TIMEOUT)) {
            ObjectNode root = read();
            ArrayNode instances = root.withArray("instances");
            if (!change.apply(instances)) {
                return false;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.pythonStyle(mapper, root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }

    /** Sets {@code status} of the entries matching {@code which} (no other key is touched or added). */
    public boolean setStatus(Predicate<JsonNode> which, String status) throws IOException {
        return update(instances -> {
            boolean changed = false;
            for (JsonNode entry : instances) {
                if (which.test(entry) && entry instanceof ObjectNode object && !status.equals(entry.path("status").asText())) {
                    object.put("status", status);
                    changed = true;
                }
            }
            return changed;
        });
    }

    private ObjectNode read() throws IOException {
        if (!Files.exists(file)) {
            ObjectNode root = mapper.createObjectNode();
            root.putArray("instances");
            root.putNull("lastCleanup");
            return root;
        }
        JsonNode root = mapper.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException("registry is not a JSON object; not rewriting it");
        }
        if (root.has("instances") && !root.get("instances").isArray()) {
            throw new IOException("registry 'instances' is not an array; not rewriting it");
        }
        return (ObjectNode) root;
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }
}
