package dev.planwatch.orchestrator.demo;

import dev.planwatch.config.LayoutDefaults;
import dev.planwatch.registry.RegistryFile;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.OrchestratorLogLine;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in orchestrator that ships with planwatch, so start, watch, pause and stop work on any
 * plan without the real one. It has the real orchestrator's outward behaviour, process layout
 * included, so that planwatch's control is exercised against what it will meet:
 * <ul>
 * <li>{@code --daemon} detaches the way the real one double-forks: a shell started with
 * {@code setsid} leads a new session and process group, starts the orchestrator in the
 * background and exits, so the registered pid is a member of its group but not its leader;</li>
 * <li>the plan executed is the one named by the first non-empty {@code current-plan.txt} of
 * {@code $CLAUDE_WORKTREE/.claude-context/}, {@code ./.claude-context/}, {@code .claude/}, and
 * {@code --plan} only when there is none;</li>
 * <li>each task is done by a worker child process in the same process group (the real one runs
 * an LLM session), which marks the task in progress and then completed under the status lock;</li>
 * <li>SIGTERM only sets a flag: a running worker is waited for, and a pause loop that ends
 * falls into the next iteration without looking at the flag again, as the real one does;</li>
 * <li>when the plan is complete it unregisters and then runs one more worker (the real one's
 * merge run) unless started with {@code --no-auto-complete};</li>
 * <li>it registers with the real entry shape under the registry lock, logs
 * {@code HH:MM:SS [LEVEL] message} lines and answers the IPC commands
 * {@code status, pause, resume, shutdown}.</li>
 * </ul>
 *
 * <p>Run as {@code planwatch demo-orchestrator --plan docs/plans/x.md [--daemon] [--continuous]
 * [--autonomous] [--tasks a,b] [--no-auto-complete]} in the workspace root. Environment:
 * {@code PLANWATCH_DEMO_STEP_SECONDS} (a worker's time per task, default 1),
 * {@code PLANWATCH_DEMO_COMPLETE_SECONDS} (the final run, default 2),
 * {@code PLANWATCH_DEMO_IGNORE_SIGTERM=1}, {@code PLANWATCH_DEMO_PLAN_FROM_CURRENT=0} (run the plan
 * {@code --plan} names, as orchestrators other than the real one do), and the layout's {@code PLANWATCH_PLANS_DIR} and
 * {@code PLANWATCH_OUTPUTS_DIR}, which planwatch passes on from its configuration.
 */
public final class DemoOrchestrator {

    public static final String COMMAND = "demo-orchestrator";
    public static final String WORKER_COMMAND = "demo-worker";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Workspace layout;
    private final String planPath;
    private final String plan;
    private final Options options;
    private final List<String> relaunch;
    private final long stepMillis;
    private final DemoStatusFile status;
    private final String id = "orch-" + System.currentTimeMillis();
    private final DemoRunState state = new DemoRunState();
    private final DemoIpcServer ipc;
    private final DemoRegistration registration;

    /** The command line, as the real orchestrator's argparse would read it. */
    record Options(String planPath, boolean daemon, boolean detached, boolean continuous, boolean autoComplete, Set<String> tasks,
                   String worktree) {

        static Options parse(String[] args) {
            String planPath = null;
            String worktree = null;
            boolean daemon = false;
            boolean detached = false;
            boolean continuous = false;
            boolean autoComplete = true;
            Set<String> tasks = Set.of();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--plan" -> planPath = i + 1 < args.length ? args[++i] : null;
                    case "--daemon" -> daemon = true;
                    case "--detached" -> detached = true;
                    case "--continuous" -> continuous = true;
                    case "--no-auto-complete" -> autoComplete = false;
                    case "--tasks" -> tasks = i + 1 < args.length ? Set.of(args[++i].split(",")) : Set.of();
                    case "--worktree" -> worktree = i + 1 < args.length ? args[++i] : null;
                    case "--max-iterations", "--timeout", "--batch-size" -> i++;
                    default -> {
                        // --autonomous and the real orchestrator's other flags: accepted
                    }
                }
            }
            return new Options(planPath, daemon, detached, continuous, autoComplete, tasks, worktree);
        }
    }

    private DemoOrchestrator(Workspace layout, Path registryFile, String planPath, Options options, List<String> relaunch) {
        this.layout = layout;
        this.planPath = planPath;
        this.plan = Names.stemOf(planPath);
        this.options = options;
        this.relaunch = relaunch;
        this.stepMillis = millisFromSecondsInEnv("PLANWATCH_DEMO_STEP_SECONDS", 1);
        this.status = new DemoStatusFile(layout.statusFile(plan));
        this.ipc = new DemoIpcServer(mapper, id, planPath, state);
        this.registration = new DemoRegistration(new RegistryFile(registryFile, mapper), id);
    }

    /** Entry point for the worker: {@code args} after the {@code demo-worker} word. Returns the exit code. */
    public static int runWorker(String[] args) {
        return DemoWorker.run(args);
    }

    /** Entry point: {@code args} after the {@code demo-orchestrator} word. Returns the exit code. */
    public static int run(String[] args, List<String> relaunch) {
        Options options = Options.parse(args);
        Path workingDir = Path.of("").toAbsolutePath();
        Optional<Path> worktree = worktree(options, workingDir);
        if (options.worktree() != null && worktree.isEmpty()) {
            // as the real one, which crashes before it registers
            System.err.println("AttributeError: 'PlanOrchestrator' object has no attribute 'logger' (no worktree "
                    + options.worktree() + ")");
            return 1;
        }
        // Plan, pointer and status.json are the worktree's; the registry is found from the working directory.
        Workspace layout = layoutFromEnvironment(worktree.orElse(workingDir));
        Path registryFile = Workspace.registryFileOf(Workspace.gitToplevel(workingDir));
        // PLANWATCH_DEMO_PLAN_FROM_CURRENT=0: behave like an orchestrator that runs the plan --plan names
        boolean fromCurrent = !"0".equals(System.getenv("PLANWATCH_DEMO_PLAN_FROM_CURRENT"));
        String planPath = (fromCurrent ? activePlan(layout, worktree) : Optional.<String>empty()).orElse(options.planPath());
        if (planPath == null) {
            System.err.println("usage: demo-orchestrator --plan docs/plans/<name>.md [--daemon] [--continuous] [--autonomous]"
                    + " [--tasks a,b] [--no-auto-complete]");
            return 2;
        }
        if (options.daemon() && !options.detached()) {
            return detach(relaunch, args);
        }
        try {
            return new DemoOrchestrator(layout, registryFile, planPath, options, relaunch).work();
        } catch (IOException e) {
            log("ERROR", "Orchestrator failed: " + e.getMessage());
            return 1;
        }
    }

    /** The layout of the checkout {@code root}, from the environment planwatch passes on (or the defaults). */
    static Workspace layoutFromEnvironment(Path root) {
        String plansDir = System.getenv().getOrDefault("PLANWATCH_PLANS_DIR", LayoutDefaults.PLANS_DIR);
        String outputsDir = System.getenv().getOrDefault("PLANWATCH_OUTPUTS_DIR", LayoutDefaults.OUTPUTS_DIR);
        return Workspace.at(root, plansDir, outputsDir);
    }

    /**
     * The worktree it works in, as the real one resolves it: {@code --worktree} (made absolute; empty
     * when it does not exist), else the working directory when it holds {@code .claude-context/},
     * else {@code $CLAUDE_WORKTREE} when that exists.
     */
    static Optional<Path> worktree(Options options, Path workingDir) {
        if (options.worktree() != null) {
            Path path = workingDir.resolve(options.worktree()).toAbsolutePath().normalize();
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        if (Files.isDirectory(workingDir.resolve(".claude-context"))) {
            return Optional.of(workingDir);
        }
        String fromEnvironment = System.getenv("CLAUDE_WORKTREE");
        if (fromEnvironment != null && !fromEnvironment.isBlank() && Files.isDirectory(Path.of(fromEnvironment))) {
            return Optional.of(Path.of(fromEnvironment).toAbsolutePath().normalize());
        }
        return Optional.empty();
    }

    /** The plan the first non-empty current-plan.txt names, in the real orchestrator's order (its worktree's first). */
    static Optional<String> activePlan(Workspace layout, Optional<Path> inWorktree) {
        List<Path> pointers = new ArrayList<>();
        inWorktree.ifPresent(dir -> pointers.add(Workspace.contextPlanFile(dir)));
        String worktree = System.getenv("CLAUDE_WORKTREE");
        if (worktree != null && !worktree.isBlank()) {
            pointers.add(Workspace.contextPlanFile(Path.of(worktree)));
        }
        pointers.add(Workspace.contextPlanFile(layout.root()));
        pointers.add(layout.currentPlanFile());
        for (Path pointer : pointers) {
            try {
                String text = Files.readString(pointer, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) {
                    return Optional.of(text.lines().findFirst().orElse(text).strip());
                }
            } catch (IOException e) {
                // absent or unreadable: the next pointer
            }
        }
        return Optional.empty();
    }

    /**
     * The real orchestrator's double fork: a shell that leads a new session (setsid) starts the
     * orchestrator in the background and exits, leaving it in a group whose leader is gone.
     */
    private static int detach(List<String> relaunch, String[] args) {
        List<String> command = new ArrayList<>();
        boolean shell = Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.isExecutable(Path.of("/bin/sh"));
        if (shell) {
            command.addAll(List.of("/usr/bin/setsid", "/bin/sh", "-c", "\"$@\" & echo \"Daemon started with PID $!\"", "sh"));
        }
        command.addAll(relaunch);
        command.add(COMMAND);
        command.addAll(List.of(args));
        command.add("--detached");
        try {
            Process child = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (shell) {
                return child.waitFor() == 0 ? 0 : 1;
            }
            System.out.println("Daemon started with PID " + child.pid());
            return 0;
        } catch (IOException e) {
            System.err.println("Failed to daemonize: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int work() throws IOException {
        state.handleSigterm("1".equals(System.getenv("PLANWATCH_DEMO_IGNORE_SIGTERM")));
        int created = status.initialiseFrom(layout.root().resolve(planPath), planPath, plan);
        if (created >= 0) {
            log("INFO", "Initialised " + layout.relative(status.path()) + " with " + created + " tasks");
        }
        ipc.start();
        registration.register(planPath, worktreePath(), ipc.socket());
        log("INFO", "Orchestrator " + id + " started for " + planPath + " (pid " + ProcessHandle.current().pid() + ")");
        boolean complete = false;
        try {
            complete = loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            String interrupted = state.taskInProgress();
            if (interrupted != null && status.statusOf(interrupted) == TaskStatus.IN_PROGRESS) {
                status.setTask(interrupted, TaskStatus.PENDING);
                log("INFO", "Task " + interrupted + " interrupted, put back to pending");
            }
            ipc.close();
            registration.unregister();
            log("INFO", "Unregistered orchestrator instance: " + id);
        }
        if (complete && options.autoComplete()) {
            // As the real one: the merge run comes after unregistering, so only its processes show it.
            log("INFO", "Running auto-complete for " + plan);
            int code = runWorker(List.of("--complete"));
            log("INFO", "Auto-complete finished (exit " + code + ")");
        }
        log("INFO", "Orchestrator " + id + " stopped");
        return 0;
    }

    /** The worktree it runs in, as its registry entry records it (absolute); null in the main checkout. */
    private String worktreePath() {
        return options.worktree() != null || Files.isDirectory(layout.root().resolve(".claude-context"))
                || System.getenv("CLAUDE_WORKTREE") != null ? layout.root().toString() : null;
    }

    /** The iterations; true when the plan ran out of pending tasks. */
    private boolean loop() throws IOException, InterruptedException {
        while (true) {
            if (state.shutdownRequested()) {
                log("INFO", "Shutdown requested, stopping gracefully...");
                return false;
            }
            while (state.paused() && !state.shutdownRequested()) {
                Thread.sleep(100);
            }
            // Like the real orchestrator, the flag is not looked at again here: a stop that ends a
            // pause lets the next task start unless whoever stops it ends the new worker.
            Optional<String> next = status.nextPending(options.tasks());
            if (next.isEmpty()) {
                if (options.continuous()) {
                    state.awaitShutdown(stepMillis);
                    continue;
                }
                log("INFO", "Plan complete: " + plan);
                return true;
            }
            int iteration = state.nextIteration();
            state.taskInProgress(next.get());
            log("INFO", "[" + iteration + "] Starting task " + next.get());
            int code = runWorker(List.of("--task", next.get()));
            if (code == 0) {
                log("INFO", "Task " + next.get() + " completed");
                state.taskInProgress(null);
            } else {
                log("WARNING", "Worker for task " + next.get() + " ended with code " + code);
            }
            state.awaitShutdown(Math.min(stepMillis, 200));
        }
    }

    /** Runs one worker child (in this process group) to its end, whatever signal this process gets meanwhile. */
    private int runWorker(List<String> workerArgs) throws IOException {
        List<String> command = new ArrayList<>(relaunch);
        command.add(WORKER_COMMAND);
        command.addAll(List.of("--plan", planPath));
        command.addAll(workerArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (options.worktree() != null) {
            // as the real one's task sessions: in the worktree, told so
            builder.environment().put("CLAUDE_WORKTREE", layout.root().toString());
        }
        Process worker = builder
                .directory(layout.root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        while (true) {
            try {
                return worker.waitFor();
            } catch (InterruptedException e) {
                // the real orchestrator's subprocess.run is not interrupted either
            }
        }
    }

    /** The environment variable {@code name}, a number of seconds, in milliseconds; {@code fallback} seconds when unset or bad. */
    static long millisFromSecondsInEnv(String name, double fallback) {
        try {
            return (long) (Double.parseDouble(System.getenv().getOrDefault(name, Double.toString(fallback))) * 1000);
        } catch (NumberFormatException e) {
            return (long) (fallback * 1000);
        }
    }

    /** One log line on standard output, flushed at once so that a redirected log follows live. */
    static void log(String level, String message) {
        System.out.println(OrchestratorLogLine.format(level, message));
        System.out.flush();
    }
}
