package dev.planwatch.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan's first status.json, made from its markdown as the status tools' {@code init} makes it:
 * every task pending, no runs. Written by the demo orchestrator when it starts and by planwatch
 * when it prepares a plan's worktree.
 */
public final class StatusFileInitialiser {

    private static final Pattern PHASE = Pattern.compile("^##\\s+(Phase\\s+\\d+:.*)$");
    private static final Pattern TASK = Pattern.compile("^-\\s+\\[[ xX]\\]\\s+(\\d+(?:\\.\\d+)+)\\s+(.+)$");
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private StatusFileInitialiser() {
    }

    /**
     * Creates {@code file} from the plan's markdown ({@code ## Phase N: ...} / {@code - [ ] N.N ...}) when it is
     * missing, under the status lock; the number of tasks, or -1 when it existed.
     */
    public static int initialise(Path file, Path markdown, String planPath, String plan) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (StatusFileLock ignored = StatusFileLock.acquire(file, LOCK_TIMEOUT)) {
            if (Files.exists(file)) {
                return -1;
            }
            if (!Files.exists(markdown)) {
                throw new IOException("no status.json and no plan " + planPath);
            }
            ObjectNode status = mapper.createObjectNode();
            String now = Timestamps.now();
            status.put("planPath", planPath);
            String title = plan;
            ArrayNode tasks = mapper.createArrayNode();
            String phase = null;
            for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
                if (line.startsWith("# ") && title.equals(plan)) {
                    title = line.substring(2).strip();
                }
                Matcher p = PHASE.matcher(line);
                if (p.matches()) {
                    phase = p.group(1).strip();
                }
                Matcher t = TASK.matcher(line);
                if (t.matches() && phase != null) {
                    ObjectNode task = tasks.addObject();
                    task.put("id", t.group(1));
                    task.put("phase", phase);
                    task.put("description", t.group(2).strip());
                    task.put("status", TaskStatus.PENDING.wire());
                }
            }
            status.put("planName", title);
            status.put("createdAt", now);
            status.set("tasks", tasks);
            status.putArray("runs");
            StatusFileWriter.commit(mapper, file, status);
            return tasks.size();
        }
    }
}
