package dev.planwatch.registry;

import dev.planwatch.workspace.FileParseCache;
import dev.planwatch.workspace.Json;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.ParsedFile;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code .claude/orchestrator-registry.json}; never writes it. */
@ApplicationScoped
public class RegistryReader {

    private final Workspace workspace;
    private final FileParseCache<List<RegistryEntry>> cache;

    public RegistryReader(ObjectMapper mapper, Workspace workspace) {
        this.workspace = workspace;
        this.cache = new FileParseCache<>(content -> parse(mapper.readTree(content)), 8L * 1024 * 1024);
    }

    public RegistrySnapshot read() {
        return cache.read(workspace.registryFile())
                .map(RegistryReader::toSnapshot)
                .orElse(RegistrySnapshot.EMPTY);
    }

    private static RegistrySnapshot toSnapshot(ParsedFile<List<RegistryEntry>> parsed) {
        List<RegistryEntry> entries = parsed.value() == null ? List.of() : parsed.value();
        return new RegistrySnapshot(entries, parsed.error());
    }

    static List<RegistryEntry> parse(JsonNode root) {
        JsonNode instances;
        if (root != null && root.isArray()) {
            instances = root;
        } else if (root != null && root.isObject()) {
            instances = root.path("instances");
            if (!instances.isArray() && !instances.isMissingNode() && !instances.isNull()) {
                throw new IllegalArgumentException("registry 'instances' is not an array");
            }
        } else {
            throw new IllegalArgumentException("registry is not a JSON object");
        }
        List<RegistryEntry> entries = new ArrayList<>();
        for (JsonNode node : instances) {
            if (node.isObject()) {
                entries.add(entry(node));
            }
        }
        return List.copyOf(entries);
    }

    static RegistryEntry entry(JsonNode node) {
        String planPath = Json.text(node, "plan_path");
        String plan = Json.text(node, "plan");
        if (!Names.isPlanName(plan)) {
            plan = Names.stemOf(planPath);
        }
        return new RegistryEntry(
                Json.text(node, "id"),
                Json.longValue(node, "pid"),
                Names.isPlanName(plan) ? plan : null,
                planPath,
                Json.text(node, "worktree_path"),
                Json.text(node, "started_at"),
                Json.text(node, "last_heartbeat"),
                Json.text(node, "status"),
                Json.text(node, "socket_path"),
                Json.intValue(node, "port"),
                Json.text(node, "mode"));
    }
}
