package dev.planwatch.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;

/** Reads {@code .claude/git-workflow.json}; a missing or broken file yields the defaults. */
@ApplicationScoped
public class GitWorkflowReader {

    private final FileParseCache<GitWorkflow> cache;
    private final Workspace workspace;

    public GitWorkflowReader(ObjectMapper mapper, Workspace workspace) {
        this.workspace = workspace;
        this.cache = new FileParseCache<>(content -> parse(mapper.readTree(content)), 1024 * 1024);
    }

    public GitWorkflow read() {
        return cache.read(workspace.gitWorkflowFile())
                .map(ParsedFile::value)
                .orElse(GitWorkflow.DEFAULTS);
    }

    public static GitWorkflow parse(JsonNode root) {
        GitWorkflow d = GitWorkflow.DEFAULTS;
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("git-workflow.json is not a JSON object");
        }
        JsonNode worktrees = root.path("worktrees");
        JsonNode resources = root.path("resources");
        JsonNode api = root.path("api");
        Integer port = Json.intValue(api, "port");
        return new GitWorkflow(
                Objects.requireNonNullElse(Json.text(root, "branch_prefix"), d.branchPrefix()),
                Objects.requireNonNullElse(Json.text(worktrees, "directory"), d.worktreesDirectory()),
                Objects.requireNonNullElse(Json.intValue(worktrees, "max_concurrent"), d.maxConcurrentWorktrees()),
                Objects.requireNonNullElse(Json.intValue(worktrees, "stale_days"), d.staleDays()),
                Objects.requireNonNullElse(Json.intValue(resources, "min_disk_space_mb"), d.minDiskSpaceMb()),
                Objects.requireNonNullElse(Json.intValue(resources, "warn_disk_space_mb"), d.warnDiskSpaceMb()),
                Objects.requireNonNullElse(Json.bool(resources, "check_disk_space"), d.checkDiskSpace()),
                Json.text(api, "host"),
                port != null && port > 0 && port < 65536 ? port : null);
    }
}
