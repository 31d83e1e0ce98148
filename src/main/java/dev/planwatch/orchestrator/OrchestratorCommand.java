package dev.planwatch.orchestrator;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.orchestrator.demo.DemoOrchestrator;
import dev.planwatch.orchestrator.demo.ThisProgram;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the orchestrator's argv (never a shell string) from the template and the start request. */
@ApplicationScoped
public class OrchestratorCommand {

    static final String REAL_SCRIPT_NAME = "plan_orchestrator.py";
    static final String REAL_SCRIPT = "scripts/" + REAL_SCRIPT_NAME;

    private final Optional<List<String>> configured;
    private final Optional<Boolean> readsCurrentPlan;
    private final Workspace workspace;

    public OrchestratorCommand(PlanwatchConfig config, Workspace workspace) {
        this.configured = config.orchestrator().command();
        this.readsCurrentPlan = config.orchestrator().readsCurrentPlan();
        this.workspace = workspace;
    }

    /**
     * Whether the orchestrator runs the plan its current-plan.txt names rather than {@code --plan}:
     * as configured, else true for the default commands (the real orchestrator and the demo both
     * do) and for any command naming the real orchestrator's script.
     */
    public boolean readsCurrentPlan() {
        return readsCurrentPlan.orElseGet(() -> configured.isEmpty() || configured.get().isEmpty()
                || configured.get().stream().anyMatch(part -> part.contains(REAL_SCRIPT_NAME)));
    }

    public List<String> argv(String plan, String planPath, StartRequest request) {
        List<String> argv = new ArrayList<>();
        for (String part : template()) {
            argv.add(part.replace("{planPath}", planPath).replace("{plan}", plan));
        }
        if ("continuous".equals(request.mode())) {
            argv.add("--continuous");
        }
        if (Boolean.TRUE.equals(request.autonomous())) {
            argv.add("--autonomous");
        }
        if (request.tasks() != null && !request.tasks().isEmpty()) {
            argv.add("--tasks");
            argv.add(String.join(",", request.tasks()));
        }
        if (Boolean.FALSE.equals(request.autoComplete())) {
            argv.add("--no-auto-complete");
        }
        addNumber(argv, "--batch-size", request.batchSize());
        addNumber(argv, "--max-iterations", request.maxIterations());
        addNumber(argv, "--timeout", request.timeout());
        return argv;
    }

    /**
     * {@code argv} run for the worktree at {@code worktreePath} (relative to the workspace root, where
     * it is started): the original resolves {@code --worktree}, reads the plan from the worktree's
     * pointer, writes status there and registers in the main checkout's registry with the worktree's path.
     */
    public List<String> inWorktree(List<String> argv, String worktreePath) {
        List<String> withWorktree = new ArrayList<>(argv);
        withWorktree.add("--worktree");
        withWorktree.add(worktreePath);
        return withWorktree;
    }

    private static void addNumber(List<String> argv, String flag, Integer value) {
        if (value != null) {
            argv.add(flag);
            argv.add(value.toString());
        }
    }

    List<String> template() {
        if (configured.isPresent() && !configured.get().isEmpty()) {
            return configured.get();
        }
        if (Files.isRegularFile(workspace.root().resolve(REAL_SCRIPT))) {
            return List.of("python3", REAL_SCRIPT, "--plan", "{planPath}", "--daemon");
        }
        List<String> demo = new ArrayList<>(ThisProgram.command());
        demo.addAll(List.of(DemoOrchestrator.COMMAND, "--plan", "{planPath}", "--daemon"));
        return demo;
    }

    /** {@code setsid} puts the orchestrator in its own session and process group (so a group signal reaches its children). */
    static List<String> inOwnProcessGroup(List<String> argv) {
        if (!Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add("/usr/bin/setsid");
        wrapped.addAll(argv);
        return wrapped;
    }
}
