package dev.planwatch.orchestrator;

import dev.planwatch.config.ChildEnvironment;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.logs.LogLine;
import dev.planwatch.logs.LogReader;
import dev.planwatch.workspace.OrchestratorLogLine;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs an orchestrator's command line as a local process: in the workspace root, in a process group
 * of its own, with planwatch's additions to its environment, its output appended to the plan's log.
 * It keeps the processes it spawned that did not detach, so a stop can report their exit codes.
 */
@ApplicationScoped
public class OrchestratorLauncher {

    private static final Logger LOG = Logger.getLogger(OrchestratorLauncher.class);
    private static final int LOG_TAIL_LINES = 20;

    private final Workspace workspace;
    private final Map<String, String> environment;
    /** Orchestrators this service spawned and that did not detach: their exit codes are known. */
    private final Map<Long, Process> children = new ConcurrentHashMap<>();

    public OrchestratorLauncher(Workspace workspace, PlanwatchConfig config) {
        this.workspace = workspace;
        this.environment = orchestratorEnvironment(config);
    }

    /**
     * What planwatch adds to an orchestrator's environment: unbuffered Python output (else its
     * lines reach the log only when it exits), the layout (for the demo orchestrator, which runs
     * without planwatch's configuration), then the configured variables, which win.
     */
    private static Map<String, String> orchestratorEnvironment(PlanwatchConfig config) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PYTHONUNBUFFERED", "1");
        environment.put("PLANWATCH_PLANS_DIR", config.plansDir());
        environment.put("PLANWATCH_OUTPUTS_DIR", config.outputsDir());
        environment.putAll(config.orchestrator().environment());
        return Map.copyOf(environment);
    }

    /** Starts {@code argv} for {@code plan}, its output appended to the plan's log after a line naming it. */
    public Process launch(String plan, List<String> argv) throws IOException {
        Path logFile = workspace.logFile(plan);
        note(plan, "starting orchestrator: " + String.join(" ", argv));
        ProcessBuilder builder = new ProcessBuilder(OrchestratorCommand.inOwnProcessGroup(argv))
                .directory(workspace.root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // It runs in the workspace root: a worktree pointer inherited from planwatch's own
        // environment would make it read another checkout's current-plan.txt.
        builder.environment().remove("CLAUDE_WORKTREE");
        ChildEnvironment.removeSecrets(builder.environment());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Remembers a spawned orchestrator that is still running, for its exit code at a stop. */
    public void keep(Process process) {
        children.put(process.pid(), process);
    }

    /** The exit code of the kept process {@code pid} once it ended (waiting up to a second); null when unknown. */
    public Integer exitCodeOf(Long pid) {
        Process child = pid == null ? null : children.remove(pid);
        if (child == null) {
            return null;
        }
        try {
            return child.waitFor(1, TimeUnit.SECONDS) ? child.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Appends planwatch's own line to the plan's log, in the orchestrator's line form. */
    public void note(String plan, String message) {
        Path logFile = workspace.logFile(plan);
        try {
            Files.writeString(logFile, OrchestratorLogLine.format("planwatch", message) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.debugf("Cannot write %s: %s", logFile, e.getMessage());
        }
    }

    /** The last lines of the plan's log, for a failed start's reply. */
    public List<String> logTail(String plan) {
        try {
            return LogReader.tail(workspace.logFile(plan), LOG_TAIL_LINES, Optional.empty(), true).lines().stream()
                    .map(LogLine::content).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
