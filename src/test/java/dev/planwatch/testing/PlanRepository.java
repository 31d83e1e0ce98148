package dev.planwatch.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A repository laid out as the original tools leave it, made with real git: plans
 * {@link #PLANS} committed on {@code main} (twenty tasks each), {@code .claude/git-workflow.json}
 * with {@code max_concurrent} 3, the registry tracked (empty), status.json and logs ignored. No
 * worktree yet.
 */
public class PlanRepository implements QuarkusTestResourceLifecycleManager {

    public static final List<String> PLANS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf");
    private static Path root;

    public static Path root() {
        return root;
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("planwatch-repo").toRealPath();
            GitWorkspace.git(root, null, "init", "-q", "-b", "main");
            Files.createDirectories(root.resolve(".claude"));
            Files.writeString(root.resolve(".claude/git-workflow.json"), "{\"branch_prefix\": \"plan/\", \"worktrees\":"
                    + " {\"directory\": \"worktrees\", \"max_concurrent\": 3, \"stale_days\": 14}, \"resources\": {\"min_disk_space_mb\": 1}}");
            Files.writeString(root.resolve(".claude/orchestrator-registry.json"), "{\"instances\": []}\n");
            Files.writeString(root.resolve(".gitignore"), "docs/plan-outputs/*/status.json\norchestrator-*.log\n");
            Files.createDirectories(root.resolve("docs/plans"));
            for (String plan : PLANS) {
                StringBuilder markdown = new StringBuilder("# Plan " + plan + "\n\n## Phase 1: Work\n");
                for (int task = 1; task <= 20; task++) {
                    markdown.append("- [ ] 1.").append(task).append(" task ").append(task).append('\n');
                }
                Files.writeString(root.resolve("docs/plans/" + plan + ".md"), markdown);
            }
            GitWorkspace.git(root, null, "add", "-A");
            GitWorkspace.git(root, null, "commit", "-q", "-m", "plans");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("planwatch.workspace", root.toString());
    }

    @Override
    public void stop() {
        if (root == null) {
            return;
        }
        try {
            GitWorkspace.deleteTree(root);
        } catch (IOException ignored) {
            // temporary directory; best effort
        }
    }
}
