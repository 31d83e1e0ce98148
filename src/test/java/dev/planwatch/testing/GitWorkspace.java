package dev.planwatch.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real git repository made with real git: plans {@code fresh}, {@code stale}, {@code dirty},
 * {@code busy} and {@code gone} each in a linked worktree on {@code plan/<name>}, the last four with
 * a commit 30 days old; {@code dirty} has an uncommitted file, {@code busy} a task in progress,
 * {@code gone}'s directory was deleted; plus a non-plan worktree on {@code feature/x}.
 */
public class GitWorkspace implements QuarkusTestResourceLifecycleManager {

    public static final List<String> PLANS = List.of("fresh", "stale", "dirty", "busy", "gone");
    private static Path root;

    public static Path root() {
        return root;
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("planwatch-git").toRealPath();
            git(root, null, "init", "-q", "-b", "main");
            Files.createDirectories(root.resolve(".claude"));
            Files.writeString(root.resolve(".claude/git-workflow.json"),
                    "{\"branch_prefix\": \"plan/\", \"worktrees\": {\"directory\": \"worktrees\", \"max_concurrent\": 8, \"stale_days\": 14}}");
            for (String plan : PLANS) {
                Files.createDirectories(root.resolve("docs/plans"));
                Files.writeString(root.resolve("docs/plans/" + plan + ".md"), "# " + plan + "\n\n## Phase 1: Work\n- [ ] 1.1 a\n");
                Files.createDirectories(root.resolve("docs/plan-outputs/" + plan));
                Files.writeString(root.resolve("docs/plan-outputs/" + plan + "/status.json"), status(plan, "pending"));
            }
            git(root, null, "add", "-A");
            git(root, null, "commit", "-q", "-m", "plans");
            Instant old = Instant.now().minus(Duration.ofDays(30));
            for (String plan : PLANS) {
                Path worktree = root.resolve("worktrees/" + plan);
                git(root, null, "worktree", "add", "-q", "-b", "plan/" + plan, worktree.toString());
                if (!plan.equals("fresh")) {
                    String state = plan.equals("busy") ? "in_progress" : "pending";
                    Files.writeString(worktree.resolve("docs/plan-outputs/" + plan + "/status.json"), status(plan, state));
                    Files.writeString(worktree.resolve("notes.txt"), plan);
                    git(worktree, old, "add", "-A");
                    git(worktree, old, "commit", "-q", "-m", "work on " + plan);
                }
            }
            Files.writeString(root.resolve("worktrees/dirty/uncommitted.txt"), "edit in progress");
            git(root, null, "worktree", "add", "-q", "-b", "feature/x", root.resolve("worktrees/feature").toString());
            deleteTree(root.resolve("worktrees/gone"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("planwatch.workspace", root.toString());
    }

    private static String status(String plan, String state) {
        return "{\"planPath\": \"docs/plans/" + plan + ".md\", \"tasks\": [{\"id\": \"1.1\", \"phase\": \"Phase 1\","
                + " \"description\": \"a\", \"status\": \"" + state + "\"}]}";
    }

    /** Runs git with a fixed identity, dated {@code at} when given. */
    public static void git(Path dir, Instant at, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=planwatch test",
                "-c", "user.email=test@planwatch.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        if (at != null) {
            builder.environment().put("GIT_AUTHOR_DATE", at.toString());
            builder.environment().put("GIT_COMMITTER_DATE", at.toString());
        }
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes {@code dir} and everything below it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public void stop() {
        if (root != null) {
            try {
                deleteTree(root);
            } catch (IOException ignored) {
                // temporary directory; best effort
            }
        }
    }
}
