package dev.planwatch.scale;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A generated workspace of {@value #PLANS} plans of {@value #TASKS} tasks, served with a task
 * cache that holds the records of a few plans only: nearly every detail, tasks list, activity page
 * and pushed event needs records that were let go.
 */
public class LargeWorkspaceProfile implements QuarkusTestProfile {

    static final int PLANS = 2_000;
    static final int TASKS = 10;
    static final long TASK_CACHE_BYTES = 64 * 1024;
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] STATUSES = {"pending", "in_progress", "completed", "failed", "skipped"};

    static Path workspace;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            workspace = Files.createTempDirectory("planwatch-large");
            Path generated = workspace;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(generated)));
            generate(workspace);
            return Map.of("planwatch.workspace", workspace.toString(),
                    "planwatch.task-cache-size", String.valueOf(TASK_CACHE_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated workspace is 2,000 directories: gone with the test JVM rather than left in the temp dir. */
    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }

    static String name(int plan) {
        return String.format("large-%04d", plan);
    }

    /**
     * Every status occurs; timestamps repeat across plans (many events share a time, so the
     * feed's order of ties is exercised) and some tasks have none.
     */
    private static void generate(Path root) throws IOException {
        Path plans = Files.createDirectories(root.resolve("docs/plans"));
        Path outputs = Files.createDirectories(root.resolve("docs/plan-outputs"));
        for (int p = 0; p < PLANS; p++) {
            String name = name(p);
            Files.writeString(plans.resolve(name + ".md"), "# Plan " + name + "\n\nGenerated.\n\n## Phase 1: Build\n\n## Phase 2: Check\n");
            StringBuilder json = new StringBuilder("{\n  \"planName\": \"Plan " + name + "\",\n  \"tasks\": [");
            for (int t = 0; t < TASKS; t++) {
                String status = STATUSES[(p + t * 3) % STATUSES.length];
                Instant started = BASE.plusSeconds(60L * ((p * 7L + t) % 500));
                json.append(t == 0 ? "\n" : ",\n").append("    {\"id\": \"").append(t / 5 + 1).append('.').append(t % 5 + 1)
                        .append("\", \"phase\": \"Phase ").append(t / 5 + 1).append(t < 5 ? ": Build" : ": Check")
                        .append("\", \"description\": \"Task ").append(t).append(" of ").append(name)
                        .append(": some words so that the records have a size\", \"status\": \"").append(status).append('"');
                if (!status.equals("pending")) {
                    json.append(", \"startedAt\": \"").append(started).append('"');
                }
                if (status.equals("completed") || status.equals("failed") || status.equals("skipped")) {
                    json.append(", \"completedAt\": \"").append(started.plusSeconds(30)).append('"');
                }
                json.append('}');
            }
            json.append("\n  ]\n}\n");
            Path dir = Files.createDirectories(outputs.resolve(name));
            Files.writeString(dir.resolve("status.json"), json.toString(), StandardCharsets.UTF_8);
        }
    }
}
