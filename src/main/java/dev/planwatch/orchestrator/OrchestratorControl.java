package dev.planwatch.orchestrator;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.ChildEnvironment;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.live.PlanChanged;
import dev.planwatch.logs.LogLine;
import dev.planwatch.logs.LogReader;
import dev.planwatch.plans.PlanService;
import dev.planwatch.plans.PlanView;
import dev.planwatch.plans.TaskActions;
import dev.planwatch.registry.ConfirmedStarts;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.registry.Liveness;
import dev.planwatch.registry.OrchestratorProcesses;
import dev.planwatch.registry.ProcessIdentity;
import dev.planwatch.registry.ProcessTable;
import dev.planwatch.registry.ProcessTree;
import dev.planwatch.registry.RegistryEntry;
import dev.planwatch.registry.RegistryFile;
import dev.planwatch.registry.RegistryTracker;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts and stops orchestrators. A start is confirmed, never assumed: the reply waits for the
 * detector to see the orchestrator's live registry entry (its real pid, which differs from the
 * spawned one under {@code --daemon}), or for the child to fail. For an orchestrator that runs the
 * plan its {@code current-plan.txt} names, the file is pointed at the requested plan first, one
 * start runs at a time in the checkout, and a registration for another plan fails the start and is
 * stopped. A stop ends every process of the orchestrator (its group, its session, their
 * descendants), not only the registered one, and leaves the registry valid for the orchestrators'
 * own readers. Runs on worker threads.
 */
@ApplicationScoped
@Startup // its meters are on /q/metrics from the start
public class OrchestratorControl {

    private static final Logger LOG = Logger.getLogger(OrchestratorControl.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int LOG_TAIL_LINES = 20;

    /** A start waiting for its orchestrator to register; the registration names the plan it registered for. */
    private record PendingStart(String plan, Instant spawnedAt, CompletableFuture<Registration> registered) {
    }

    /** An orchestrator that registered after a spawn, and the plan it registered for. */
    private record Registration(OrchestratorRef ref, String plan) {
    }

    private final PlanService plans;
    private final RegistryTracker tracker;
    private final ConfirmedStarts confirmed;
    private final ProcessIdentity identity;
    private final OrchestratorCommand command;
    private final Workspace workspace;
    private final RegistryFile registryFile;
    private final OrchestratorProcesses processes;
    private final ActivePlanPointer pointer;
    private final TaskActions taskActions;
    private final PlanwatchConfig.Orchestrator config;
    private final Map<String, String> environment;
    private final Map<String, ReentrantLock> planLocks = new ConcurrentHashMap<>();
    /** Held by a start of an orchestrator that reads current-plan.txt: one such start at a time in the checkout. */
    private final ReentrantLock checkoutStart = new ReentrantLock();
    private final Map<String, PendingStart> pending = new ConcurrentHashMap<>();
    /** The options of each start this planwatch confirmed, by orchestrator id (a few hundred bytes per start). */
    private final Map<String, StartRequest> startedWith = new ConcurrentHashMap<>();
    private volatile PendingStart pendingInCheckout;
    private volatile boolean shuttingDown;
    /** Orchestrators this service spawned and that did not detach: their exit codes are known. */
    private final Map<Long, Process> children = new ConcurrentHashMap<>();
    private final Counter startsConfirmed;
    private final Counter startsFailed;
    private final Counter stopsConfirmed;

    public OrchestratorControl(PlanService plans, RegistryTracker tracker, ConfirmedStarts confirmed, ProcessIdentity identity,
                               OrchestratorProcesses processes, ActivePlanPointer pointer, TaskActions taskActions,
                               OrchestratorCommand command, Workspace workspace, ObjectMapper mapper,
                               PlanwatchConfig config, MeterRegistry meters) {
        this.startsConfirmed = Counter.builder("planwatch.orchestrators.started").description("Starts confirmed").register(meters);
        this.startsFailed = Counter.builder("planwatch.orchestrators.start.failed").description("Starts answered START_FAILED")
                .register(meters);
        this.stopsConfirmed = Counter.builder("planwatch.orchestrators.stopped").description("Stops confirmed by the process's exit")
                .register(meters);
        this.plans = plans;
        this.tracker = tracker;
        this.confirmed = confirmed;
        this.identity = identity;
        this.command = command;
        this.workspace = workspace;
        this.registryFile = new RegistryFile(workspace.registryFile(), mapper);
        this.processes = processes;
        this.pointer = pointer;
        this.taskActions = taskActions;
        this.config = config.orchestrator();
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

    /** Skips a task of the plan (observe mode refuses it, as every control). */
    public ControlResponses.TaskActionResponse skip(String plan, String taskId, SkipRequest request) {
        requireControlMode();
        if (request.reason() != null && request.reason().length() > SkipRequest.MAX_REASON_LENGTH) {
            throw ApiException.invalid("reason must be at most " + SkipRequest.MAX_REASON_LENGTH + " characters", "reason");
        }
        TaskActions.Outcome outcome = taskActions.skip(plan, taskId, request.reason());
        return new ControlResponses.TaskActionResponse(true, outcome.message(), outcome.task());
    }

    /** Resets a failed or skipped task of the plan to pending (observe mode refuses it, as every control). */
    public ControlResponses.TaskActionResponse retry(String plan, String taskId) {
        requireControlMode();
        TaskActions.Outcome outcome = taskActions.retry(plan, taskId);
        return new ControlResponses.TaskActionResponse(true, outcome.message(), outcome.task());
    }

    /** The options the orchestrator {@code id} was started with, if this planwatch started it. */
    public Optional<StartRequest> startedWith(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(startedWith.get(id));
    }

    public void requireControlMode() {
        if (config.mode() != PlanwatchConfig.Mode.control) {
            throw new ApiException(ErrorCode.CONTROL_DISABLED,
                    "Orchestrator control is disabled: planwatch runs in observe mode", Map.of("mode", config.mode().name()));
        }
    }

    public ControlResponses.StartResponse start(String plan, StartRequest request) {
        requireControlMode();
        requireNotShuttingDown();
        validate(request);
        PlanView view = plans.require(plans.snapshot(), plan);
        ReentrantLock lock = planLocks.computeIfAbsent(plan, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ApiException(ErrorCode.ALREADY_RUNNING, "A start of plan " + plan + " is already in progress",
                    details("existingPid", null));
        }
        boolean readsCurrentPlan = command.readsCurrentPlan();
        try {
            if (readsCurrentPlan && !checkoutStart.tryLock()) {
                throw new ApiException(ErrorCode.WORKSPACE_BUSY, "Another orchestrator is being started in this checkout",
                        details("plan", plan));
            }
            try {
                RegistryView registry = tracker.read();
                OrchestratorRef existing = registry.forPlan(plan);
                if (existing != null && existing.running()) {
                    throw new ApiException(ErrorCode.ALREADY_RUNNING, "An orchestrator is already running for plan " + plan,
                            details("existingPid", existing.pid()));
                }
                if (readsCurrentPlan) {
                    requireCheckoutFree(registry, plan);
                    pointAt(plan, view.path());
                }
                return spawnAndConfirm(plan, view.path(), request, readsCurrentPlan);
            } finally {
                if (readsCurrentPlan) {
                    checkoutStart.unlock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * An orchestrator that reads current-plan.txt keeps reading it while it runs: pointing the file
     * at another plan would switch the running one, so a second plan cannot start in its checkout.
     */
    private void requireCheckoutFree(RegistryView registry, String plan) {
        for (RegistryView.TrackedEntry tracked : registry.entries()) {
            RegistryEntry entry = tracked.entry();
            if (tracked.running() && !plan.equals(entry.plan()) && inThisCheckout(entry)) {
                Map<String, Object> details = new HashMap<>();
                details.put("runningPlan", entry.plan());
                details.put("pid", entry.pid());
                throw new ApiException(ErrorCode.WORKSPACE_BUSY, "Plan " + entry.plan()
                        + " is running in this checkout; its orchestrator takes the plan from current-plan.txt, so "
                        + plan + " cannot start until it stops", details);
            }
        }
    }

    private boolean inThisCheckout(RegistryEntry entry) {
        if (entry.worktreePath() == null || entry.worktreePath().isBlank()) {
            return true;
        }
        try {
            return workspace.root().equals(Path.of(entry.worktreePath()).toAbsolutePath().normalize().toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void pointAt(String plan, String planPath) {
        try {
            pointer.pointAt(planPath);
        } catch (IOException | RuntimeException e) {
            throw startFailed(plan, "Could not point current-plan.txt at " + planPath + ": " + e.getMessage(), null,
                    workspace.logFile(plan));
        }
    }

    private ControlResponses.StartResponse spawnAndConfirm(String plan, String planPath, StartRequest request, boolean readsCurrentPlan) {
        List<String> argv = command.argv(plan, planPath, request);
        Path logFile = workspace.logFile(plan);
        PendingStart start = new PendingStart(plan, Instant.now().minusSeconds(1), new CompletableFuture<>());
        pending.put(plan, start);
        if (readsCurrentPlan) {
            pendingInCheckout = start;
        }
        Process process;
        try {
            appendToLog(logFile, "starting orchestrator: " + String.join(" ", argv));
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
            process = builder.start();
        } catch (IOException e) {
            forget(start);
            throw startFailed(plan, "Could not run " + argv.get(0) + ": " + e.getMessage(), null, logFile);
        }
        try {
            return confirm(plan, process, start, logFile, request);
        } finally {
            forget(start);
        }
    }

    private void forget(PendingStart start) {
        pending.remove(start.plan(), start);
        if (pendingInCheckout == start) {
            pendingInCheckout = null;
        }
    }

    private ControlResponses.StartResponse confirm(String plan, Process process, PendingStart start, Path logFile, StartRequest request) {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        long graceEnd = System.nanoTime() + config.startGrace().toNanos();
        CompletableFuture<Process> exited = process.onExit();
        awaitQuietly(CompletableFuture.anyOf(start.registered(), exited), graceEnd);
        if (!start.registered().isDone() && exited.isDone() && process.exitValue() == 0) {
            // The spawned process detached (--daemon) and exited: wait for the real one to register.
            awaitQuietly(start.registered(), deadline);
        }
        if (start.registered().isCompletedExceptionally()) {
            // Shutdown began: answer now rather than hold the shutdown for the rest of the timeout.
            throw shuttingDown("The orchestrator of plan " + plan + " was spawned, but planwatch is shutting down before it registered");
        }
        if (start.registered().isDone() && !plan.equals(start.registered().join().plan())) {
            throw strayStart(plan, start.registered().join(), logFile);
        }
        if (start.registered().isDone() && !start.registered().join().ref().running()) {
            OrchestratorRef ref = start.registered().join().ref();
            throw startFailed(plan, "The orchestrator registered and exited (status " + ref.status() + ")",
                    exited.isDone() ? process.exitValue() : null, logFile);
        }
        if (start.registered().isDone()) {
            OrchestratorRef ref = start.registered().join().ref();
            if (!exited.isDone()) {
                children.put(process.pid(), process);
            }
            // The snapshot that announced the registration holds the entry: no second registry read.
            plans.snapshot().registry().entries().stream()
                    .filter(t -> ref.id().equals(t.entry().id()))
                    .findFirst()
                    .ifPresent(t -> confirmed.remember(t.entry()));
            LOG.infof("Orchestrator %s for %s confirmed (pid %d)", ref.id(), plan, ref.pid());
            return started(plan, ref.id(), ref.pid(), ref.startedAt(), logFile, request);
        }
        if (exited.isDone()) {
            int code = process.exitValue();
            throw startFailed(plan, code == 0
                    ? "The orchestrator exited without registering"
                    : "The orchestrator exited with code " + code, code, logFile);
        }
        if (System.nanoTime() >= graceEnd) {
            // Alive after the grace without registering: an orchestrator that does not use the registry.
            children.put(process.pid(), process);
            return started(plan, null, process.pid(), Timestamps.now(), logFile, request);
        }
        throw startFailed(plan, "The orchestrator did not start", null, logFile);
    }

    private static void awaitQuietly(CompletableFuture<?> future, long deadlineNanos) {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            // reported by the caller
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ControlResponses.StartResponse started(String plan, String id, Long pid, String startedAt, Path logFile, StartRequest request) {
        String mode = request.mode() == null ? "batch" : request.mode();
        if (id != null) {
            startedWith.put(id, request);
        }
        startsConfirmed.increment();
        return new ControlResponses.StartResponse(true, "Orchestrator started for plan " + plan,
                new ControlResponses.Started(id, pid, workspace.relative(logFile), startedAt, mode), null);
    }

    /**
     * Shutdown has begun: starts waiting for their orchestrator to register are answered at once (503
     * {@code SHUTTING_DOWN}), and no new start is accepted, so no request outlives the container.
     */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        shuttingDown = true;
        pending.values().forEach(start -> start.registered().completeExceptionally(new CancellationException("shutdown")));
    }

    private void requireNotShuttingDown() {
        if (shuttingDown) {
            throw shuttingDown("planwatch is shutting down");
        }
    }

    private static ApiException shuttingDown(String message) {
        return new ApiException(ErrorCode.SHUTTING_DOWN, message);
    }

    /**
     * Completes a waiting start when the detector sees the plan's new orchestrator. While a start
     * of a current-plan.txt reader is pending in the checkout, a new orchestrator of any other
     * plan is that start's, gone astray.
     */
    void onPlanChanged(@Observes PlanChanged change) {
        OrchestratorRef ref = change.after() == null ? null : change.after().orchestrator();
        OrchestratorRef before = change.before() == null ? null : change.before().orchestrator();
        if (ref == null || ref.id() == null || (before != null && ref.id().equals(before.id()))) {
            return;
        }
        PendingStart forPlan = pending.get(change.plan());
        PendingStart start = forPlan != null ? forPlan : pendingInCheckout;
        // Any entry newer than the spawn is this start's: running (confirmed) or already finished (failed).
        if (start != null && Timestamps.parse(ref.startedAt()).map(at -> !at.isBefore(start.spawnedAt())).orElse(false)) {
            start.registered().complete(new Registration(ref, change.plan()));
        }
    }

    /** The start ran another plan than asked: it is stopped, and the start fails saying so. */
    private ApiException strayStart(String plan, Registration registration, Path logFile) {
        OrchestratorRef ref = registration.ref();
        plans.snapshot().registry().entries().stream()
                .filter(t -> ref.id().equals(t.entry().id()) && t.alive())
                .findFirst()
                .flatMap(t -> processes.remember(t.entry()))
                .ifPresent(tree -> processes.terminate(tree, true, Duration.ofSeconds(5), false));
        ApiException failure = startFailed(plan, "The orchestrator registered for plan " + registration.plan() + " instead of "
                + plan + "; it was stopped", null, logFile);
        failure.details().put("registeredPlan", registration.plan());
        return failure;
    }

    public ControlResponses.StopResponse stop(String plan, StopRequest request) {
        requireControlMode();
        stopTimeout(request.timeout());
        RegistryView registry = tracker.read();
        RegistryView.TrackedEntry target = registry.entries().stream()
                .filter(t -> plan.equals(t.entry().plan()) && t.running())
                .findFirst()
                .orElseThrow(() -> notRunning(registry, plan));
        return stop(target, request);
    }

    /** Ends every process of the orchestrator {@code target} (running: alive, orphaned or completing). */
    public ControlResponses.StopResponse stop(RegistryView.TrackedEntry target, StopRequest request) {
        requireControlMode();
        boolean force = Boolean.TRUE.equals(request.force());
        Duration timeout = stopTimeout(request.timeout());
        RegistryEntry entry = target.entry();
        String plan = entry.plan();
        boolean pidVerified = target.alive();
        ProcessTree tree = (pidVerified ? processes.remember(entry) : processes.remembered(entry.id()))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_RUNNING, "The orchestrator of plan " + plan + " is no longer running",
                        details("plan", plan)));
        OrchestratorProcesses.Ending ending = processes.terminate(tree, pidVerified, timeout, force);
        if (!ending.complete()) {
            Map<String, Object> details = details("pid", entry.pid());
            details.put("remaining", ending.remaining().stream().map(ProcessTable.ProcessInfo::pid).toList());
            throw new ApiException(ErrorCode.STOP_FAILED, "Processes of the orchestrator of plan " + plan + " did not exit", details);
        }
        Integer exitCode = exitCodeOf(entry.pid());
        markStopped(entry);
        if (plan != null) {
            appendToLog(workspace.logFile(plan), "orchestrator " + entry.pid() + " stopped, " + ending.ended() + " process(es) ended"
                    + (ending.forced() ? " (killed)" : ""));
        }
        stopsConfirmed.increment();
        return new ControlResponses.StopResponse(true, "Orchestrator stopped for plan " + plan,
                new ControlResponses.Stopped(entry.pid(), Timestamps.now(), ending.forced(), exitCode, ending.ended()));
    }

    private static ApiException notRunning(RegistryView registry, String plan) {
        boolean unverified = registry.entries().stream()
                .anyMatch(t -> plan.equals(t.entry().plan()) && t.liveness() == Liveness.UNVERIFIED);
        if (unverified) {
            return new ApiException(ErrorCode.NOT_RUNNING, "The registry names a process for plan " + plan
                    + " that cannot be proven to be its orchestrator; it is not signalled", Map.of("plan", plan, "reason", "unverified"));
        }
        return new ApiException(ErrorCode.NOT_RUNNING, "No running orchestrator found for plan " + plan, Map.of("plan", plan));
    }

    private Duration stopTimeout(Integer seconds) {
        if (seconds == null) {
            return Duration.ofSeconds(30);
        }
        long max = config.maxStopTimeout().toSeconds();
        if (seconds < 1 || seconds > max) {
            throw ApiException.invalid("timeout must be from 1 to " + max + " seconds", "timeout");
        }
        return Duration.ofSeconds(seconds);
    }

    private Integer exitCodeOf(Long pid) {
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

    /** The real orchestrator removes its entry on a clean exit; a killed one leaves it claiming to run. */
    private void markStopped(RegistryEntry entry) {
        try {
            registryFile.setStatus(node -> entry.id() != null && entry.id().equals(node.path("id").asText())
                    && node.path("pid").asLong() == entry.pid()
                    && List.of("running", "stopping").contains(node.path("status").asText()), "stopped");
        } catch (IOException e) {
            LOG.warnf("Could not mark %s stopped in the registry: %s", entry.id(), e.getMessage());
        }
    }

    private static void validate(StartRequest request) {
        if (request.mode() != null && !List.of("batch", "continuous").contains(request.mode())) {
            throw ApiException.invalid("mode must be batch or continuous", "mode");
        }
        requireRange("batchSize", request.batchSize(), 1, 1000);
        requireRange("maxIterations", request.maxIterations(), 1, 100_000);
        requireRange("timeout", request.timeout(), 1, 86_400);
        if (request.tasks() != null) {
            if (request.tasks().size() > 1000) {
                throw ApiException.invalid("too many tasks", "tasks");
            }
            for (String task : request.tasks()) {
                if (!Names.isTaskId(task)) {
                    throw ApiException.invalid("Invalid task id in tasks: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}", "tasks");
                }
            }
        }
    }

    private static void requireRange(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw ApiException.invalid(field + " must be from " + min + " to " + max, field);
        }
    }

    private ApiException startFailed(String plan, String message, Integer exitCode, Path logFile) {
        Map<String, Object> details = new HashMap<>();
        details.put("plan", plan);
        details.put("exitCode", exitCode);
        details.put("logFile", workspace.relative(logFile));
        details.put("logTail", logTail(logFile));
        startsFailed.increment();
        return new ApiException(ErrorCode.START_FAILED, message, details);
    }

    private static List<String> logTail(Path logFile) {
        try {
            return LogReader.tail(logFile, LOG_TAIL_LINES, Optional.empty(), true).lines().stream().map(LogLine::content).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void appendToLog(Path logFile, String message) {
        try {
            Files.writeString(logFile, LocalTime.now().format(CLOCK) + " [planwatch] " + message + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.debugf("Cannot write %s: %s", logFile, e.getMessage());
        }
    }

    private static Map<String, Object> details(String key, Object value) {
        Map<String, Object> details = new HashMap<>();
        details.put(key, value);
        return details;
    }
}
