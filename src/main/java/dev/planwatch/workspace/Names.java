package dev.planwatch.workspace;

import java.util.regex.Pattern;

/** The allow-lists for names that end up in file paths: no separators, no dot segments, bounded length. */
public final class Names {

    private static final Pattern PLAN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TASK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Registry ids are never paths, but they are echoed back: the same allow-list keeps them plain. */
    private static final Pattern ORCHESTRATOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Names() {
    }

    public static boolean isPlanName(String name) {
        return name != null && PLAN.matcher(name).matches() && !name.toLowerCase().endsWith(".md");
    }

    public static boolean isTaskId(String id) {
        return id != null && TASK.matcher(id).matches();
    }

    public static String requirePlanName(String name) {
        if (!isPlanName(name)) {
            throw new InvalidInputException("Invalid plan name: must match [A-Za-z0-9][A-Za-z0-9._-]{0,127} and not end in .md", "name");
        }
        return name;
    }

    public static String requireTaskId(String id) {
        if (!isTaskId(id)) {
            throw new InvalidInputException("Invalid task id: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}", "taskId");
        }
        return id;
    }

    public static boolean isOrchestratorId(String id) {
        return id != null && ORCHESTRATOR.matcher(id).matches();
    }

    public static String requireOrchestratorId(String id) {
        if (!isOrchestratorId(id)) {
            throw new InvalidInputException("Invalid orchestrator id: must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}", "id");
        }
        return id;
    }

    /** The plan name a path like {@code docs/plans/x.md} refers to: its file name without {@code .md}. */
    public static String stemOf(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        String normalized = path.trim().replace('\\', '/');
        String file = normalized.substring(normalized.lastIndexOf('/') + 1);
        return file.endsWith(".md") ? file.substring(0, file.length() - 3) : file;
    }
}
