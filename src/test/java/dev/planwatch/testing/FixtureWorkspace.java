package dev.planwatch.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A writable copy of {@code src/test/resources/fixture-workspace} in a temporary directory, made a
 * git repository with one linked worktree (plan {@code wt} on branch {@code plan/wt}) by writing
 * git's administrative files, as {@code git worktree add} would. The app serves it.
 */
public class FixtureWorkspace implements QuarkusTestResourceLifecycleManager {

    private Path root;
    /** The newest copy, for integration tests: their JVM has no Quarkus configuration to ask. */
    private static volatile Path latest;

    public static Path latestRoot() {
        return latest;
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("planwatch-fixture").toRealPath();
            copyTree(source(), root);
            makeGitRepository(root);
            latest = root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("planwatch.workspace", root.toString());
    }

    @Override
    public void stop() {
        if (root != null) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temporary directory; best effort
            }
        }
    }

    static Path source() {
        try {
            return Path.of(FixtureWorkspace.class.getClassLoader().getResource("fixture-workspace").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void makeGitRepository(Path root) throws IOException {
        Path git = Files.createDirectories(root.resolve(".git"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Path worktree = Files.createDirectories(root.resolve("worktrees/plan-wt"));
        Path admin = Files.createDirectories(git.resolve("worktrees/plan-wt"));
        Files.writeString(admin.resolve("HEAD"), "ref: refs/heads/plan/wt\n");
        Files.writeString(admin.resolve("gitdir"), worktree.resolve(".git") + "\n");
        Files.writeString(admin.resolve("commondir"), "../..\n");
        Files.writeString(worktree.resolve(".git"), "gitdir: " + admin + "\n");
        Files.createDirectories(root.resolve("docs/plan-outputs/wt"));
        Files.writeString(root.resolve("docs/plans/wt.md"), "# Worktree plan\n\n## Phase 1: Work\n- [ ] 1.1 a\n- [ ] 1.2 b\n");
        Files.writeString(root.resolve("docs/plan-outputs/wt/status.json"),
                "{\"planName\": \"Stale copy in the main checkout\", \"tasks\": ["
                        + "{\"id\": \"1.1\", \"status\": \"pending\"}, {\"id\": \"1.2\", \"status\": \"pending\"}]}");
        Path live = Files.createDirectories(worktree.resolve("docs/plan-outputs/wt"));
        Files.writeString(live.resolve("status.json"),
                "{\"planName\": \"Worktree plan\", \"tasks\": ["
                        + "{\"id\": \"1.1\", \"phase\": \"Phase 1: Work\", \"status\": \"completed\"},"
                        + "{\"id\": \"1.2\", \"phase\": \"Phase 1: Work\", \"status\": \"in_progress\", \"startedAt\": \"2025-12-27T10:00:00Z\"}]}");
    }
}
