package dev.planwatch.orchestrator;

import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The {@code current-plan.txt} an orchestrator started in the workspace root will read: the first
 * non-empty one of {@code .claude-context/current-plan.txt} and {@code .claude/current-plan.txt}
 * (planwatch starts orchestrators without {@code CLAUDE_WORKTREE}, so no other one is looked at).
 * An orchestrator that runs the plan named there, whatever {@code --plan} says, runs the requested
 * plan only if this file names it first.
 */
@ApplicationScoped
public class ActivePlanPointer {

    private final Workspace workspace;

    public ActivePlanPointer(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The pointer file the orchestrator would read now. */
    Path effectiveFile() {
        for (Path candidate : List.of(Workspace.contextPlanFile(workspace.root()), workspace.currentPlanFile())) {
            if (!read(candidate).isBlank()) {
                return candidate;
            }
        }
        return workspace.currentPlanFile();
    }

    /** Makes the pointer the orchestrator will read name {@code planPath}, replacing the file atomically. */
    void pointAt(String planPath) throws IOException {
        Path file = workspace.contained(effectiveFile());
        String wanted = planPath + "\n";
        if (read(file).strip().equals(planPath)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        Files.writeString(tmp, wanted, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
