package dev.planwatch.testing;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File operations on the workspace the app under test serves, the way real writers perform them. */
public final class Workspaces {

    private Workspaces() {
    }

    public static Path root() {
        return Path.of(ConfigProvider.getConfig().getValue("planwatch.workspace", String.class));
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    /** Write to a temporary file and rename it over the target (what status-cli.js and the orchestrator do). */
    public static void writeAtomically(String relative, String content) {
        writeAtomically(path(relative), content);
    }

    /** {@link #writeAtomically(String, String)} for a workspace this JVM has no configuration for (integration tests). */
    public static void writeAtomically(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp." + ProcessHandle.current().pid());
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Truncate and rewrite in place (what a naive writer, e.g. Python's json.dump, does). */
    public static void writeInPlace(String relative, String content) {
        try {
            Files.createDirectories(path(relative).getParent());
            Files.writeString(path(relative), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A status.json of {@code plan}: one task per status, ids 1.1, 1.2, ... in "Phase 1: Go". */
    public static String statusJson(String plan, String lastUpdatedAt, String... taskStatuses) {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < taskStatuses.length; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"id\": \"1.").append(i + 1)
                    .append("\", \"phase\": \"Phase 1: Go\", \"description\": \"task ").append(i + 1)
                    .append("\", \"status\": \"").append(taskStatuses[i]).append("\", \"startedAt\": \"2025-12-27T10:00:00Z\"}");
        }
        return "{\"planName\": \"" + plan + "\", \"lastUpdatedAt\": \"" + lastUpdatedAt + "\", \"tasks\": [" + tasks + "]}";
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(String relative) {
        try {
            Files.deleteIfExists(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a plan a test made (its markdown and its output directory), so later tests see the fixture as it was. */
    public static void deletePlan(String name) {
        delete("docs/plans/" + name + ".md");
        Path outputs = path("docs/plan-outputs/" + name);
        if (Files.isDirectory(outputs)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(outputs)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
