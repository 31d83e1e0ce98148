package dev.planwatch.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real git repository whose plan branches collide, made with real git: {@code plan/left} and
 * {@code plan/right} change the same line of {@code shared.txt} (a true conflict);
 * {@code plan/clean-a} and {@code plan/clean-b} change lines far apart in {@code story.txt} (an
 * overlap that merges cleanly; clean-b also adds a file of 30,000 lines); {@code plan/solo}, checked out in a linked worktree with an
 * uncommitted edit and an untracked file, renames a file, adds a binary file, deletes one and adds
 * one; {@code plan/idle} has no commit of its own. {@code main} moves on after the branches leave
 * it. Plan {@code unbranched} has a plan file and no branch.
 */
public class BranchesRepository implements QuarkusTestResourceLifecycleManager {

    public static final List<String> PLANS = List.of("left", "right", "clean-a", "clean-b", "solo", "idle", "unbranched");
    private static Path root;

    public static Path root() {
        return root;
    }

    public static Path soloWorktree() {
        return root.resolve("worktrees/plan-solo");
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("planwatch-branches").toRealPath();
            git(root, "init", "-q", "-b", "main");
            for (String plan : PLANS) {
                write("docs/plans/" + plan + ".md", "# " + plan + "\n\n## Phase 1: Work\n- [ ] 1.1 change things\n- [ ] 1.2 more\n");
            }
            write("docs/plan-outputs/left/status.json", "{\"planPath\": \"docs/plans/left.md\", \"tasks\": ["
                    + "{\"id\": \"1.1\", \"phase\": \"Phase 1\", \"description\": \"change things\", \"status\": \"completed\"},"
                    + "{\"id\": \"1.2\", \"phase\": \"Phase 1\", \"description\": \"more\", \"status\": \"pending\"}]}");
            write("shared.txt", lines("shared"));
            write("story.txt", lines("story"));
            write("old-name.txt", lines("moving"));
            write("obsolete.txt", "to be deleted\n");
            write("src/app.txt", lines("app"));
            git(root, "add", "-A");
            git(root, "commit", "-q", "-m", "base");

            branch("left", () -> replaceLine("shared.txt", 1, "left's version of line 1"), "left: rewrite line 1");
            branch("right", () -> replaceLine("shared.txt", 1, "right's version of line 1"), "right: rewrite line 1");
            branch("clean-a", () -> replaceLine("story.txt", 2, "clean-a was here"), "clean-a: line 2");
            branch("clean-b", () -> {
                replaceLine("story.txt", 18, "clean-b was here");
                // A file whose diff passes the 256 KiB cap.
                write("generated/big.txt", IntStream.range(0, 30_000).mapToObj(i -> "generated line " + i)
                        .collect(Collectors.joining("\n")) + "\n");
                git(root, "add", "generated/big.txt");
            }, "clean-b: line 18, and a big generated file");
            git(root, "branch", "plan/idle");
            git(root, "checkout", "-q", "-b", "plan/solo");
            git(root, "mv", "old-name.txt", "new-name.txt");
            git(root, "rm", "-q", "obsolete.txt");
            Files.write(root.resolve("image.bin"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3, 0, 7});
            write("docs/solo-notes.md", "# Notes\n\nfirst\nsecond\n");
            replaceLine("src/app.txt", 5, "solo changed line 5");
            git(root, "add", "-A");
            git(root, "commit", "-q", "-m", "solo: rename, binary, delete, add");
            replaceLine("src/app.txt", 7, "solo changed line 7 too");
            git(root, "commit", "-q", "-am", "solo: second commit");
            git(root, "checkout", "-q", "main");
            write("main-only.txt", "main moves on\n");
            git(root, "add", "-A");
            git(root, "commit", "-q", "-m", "main moves on");
            git(root, "worktree", "add", "-q", soloWorktree().toString(), "plan/solo");
            Files.writeString(soloWorktree().resolve("src/app.txt"),
                    Files.readString(soloWorktree().resolve("src/app.txt")) + "an uncommitted line\n");
            Files.writeString(soloWorktree().resolve("scratch.txt"), "untracked\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("planwatch.workspace", root.toString());
    }

    private interface Edit {
        void apply() throws IOException;
    }

    private static void branch(String plan, Edit edit, String message) throws IOException {
        git(root, "checkout", "-q", "-b", "plan/" + plan, "main");
        edit.apply();
        git(root, "commit", "-q", "-am", message);
        git(root, "checkout", "-q", "main");
    }

    private static String lines(String name) {
        return IntStream.range(0, 20).mapToObj(i -> name + " line " + i).collect(Collectors.joining("\n")) + "\n";
    }

    private static void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Replaces line {@code index} (from 0) of a file of the main checkout. */
    public static void replaceLine(String path, int index, String text) throws IOException {
        replaceLine(root, path, index, text);
    }

    public static void replaceLine(Path checkout, String path, int index, String text) throws IOException {
        Path file = checkout.resolve(path);
        List<String> content = new ArrayList<>(Files.readAllLines(file));
        content.set(index, text);
        Files.writeString(file, String.join("\n", content) + "\n");
    }

    /** Runs git with a fixed identity; its output, or a failure naming the command. */
    public static String git(Path dir, String... args) {
        return git(dir, Map.of(), args);
    }

    /** Runs git with {@code environment} added and a fixed identity. */
    public static String git(Path dir, Map<String, String> environment, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=planwatch test",
                "-c", "user.email=test@planwatch.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || (process.exitValue() != 0 && !args[0].equals("merge-tree"))) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
}
