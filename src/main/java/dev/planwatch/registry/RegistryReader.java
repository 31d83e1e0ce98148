package dev.planwatch.registry;

import dev.planwatch.workspace.FileParseCache;
import dev.planwatch.workspace.Json;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.ParsedFile;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.Worktree;
import dev.planwatch.workspace.WorktreeReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code .claude/orchestrator-registry.json}, and the own registry of every linked worktree
 * inside the workspace: an orchestrator started inside a plan's worktree registers there, and it is
 * as much that plan's orchestrator as one registered in the main checkout. Never writes them.
 */
@ApplicationScoped
public class RegistryReader {

    private final Workspace workspace;
    private final WorktreeReader worktrees;
    private final FileParseCache<List<RegistryEntry>> cache;

    public RegistryReader(ObjectMapper mapper, Workspace workspace, WorktreeReader worktrees) {
        this.workspace = workspace;
        this.worktrees = worktrees;
        this.cache = new FileParseCache<>(content -> parse(mapper.readTree(content)), 8L * 1024 * 1024);
    }

    public RegistrySnapshot read() {
        RegistrySnapshot main = cache.read(workspace.registryFile())
                .map(RegistryReader::toSnapshot)
                .orElse(RegistrySnapshot.EMPTY);
        List<RegistryEntry> entries = null;
        Set<String> ids = new HashSet<>();
        for (Worktree worktree : worktrees.list()) {
            if (worktree.main() || worktree.prunable() || !workspace.isContained(worktree.path())) {
                continue;
            }
            Optional<ParsedFile<List<RegistryEntry>>> own = cache.read(Workspace.registryFileOf(worktree.path()));
            if (own.isEmpty() || own.get().value() == null || own.get().value().isEmpty()) {
                continue;
            }
            if (entries == null) {
                entries = new ArrayList<>(main.entries());
                main.entries().forEach(e -> ids.add(e.id()));
            }
            for (RegistryEntry entry : own.get().value()) {
                if (ids.add(entry.id())) {
                    entries.add(entry.inWorktree(worktree.path().toString()));
                }
            }
        }
        return entries == null ? main : new RegistrySnapshot(List.copyOf(entries), main.error());
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
