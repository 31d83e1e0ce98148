package dev.planwatch.orchestrator;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.live.PlanChanged;
import dev.planwatch.logs.LogLine;
import dev.planwatch.logs.LogReader;
import dev.planwatch.plans.PlanService;
import dev.planwatch.plans.PlanView;
import dev.planwatch.registry.ConfirmedStarts;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.registry.ProcessIdentity;
import dev.planwatch.registry.ProcessSignals;
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
 * spawned one under {@code --daemon}), or for the child to fail. A stop signals only a verified
 * process, waits for it to exit, and leaves the registry valid for the orchestrators' own readers.
 * Runs on worker threads.
 */
@ApplicationScoped
@Startup // its meters are on /q/metrics from the start
public class OrchestratorControl {

    private static final Logger LOG = Logger.getLogger(OrchestratorControl.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int LOG_TAIL_LINES = 20;

    /** A start waiting for its orchestrator to register. */
    private record PendingStart(Instant spawnedAt, CompletableFuture<OrchestratorRef> registered) {
    }

    private final PlanService plans;
    private final RegistryTracker tracker;
    private final ConfirmedStarts confirmed;
    private final ProcessIdentity identity;
    private final OrchestratorCommand command;
    private final Workspace workspace;
    private final RegistryFile registryFile;
    private final PlanwatchConfig.Orchestrator config;
    private final Map<String, ReentrantLock> planLocks = new ConcurrentHashMap<>();
    private final Map<String, PendingStart> pending = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;
    /** Orchestrators this service spawned and that did not detach: their exit codes are known. */
    private final Map<Long, Process> children = new ConcurrentHashMap<>();
    private final Counter startsConfirmed;
    private final Counter startsFailed;
    private final Counter stopsConfirmed;

    public OrchestratorControl(PlanService plans, RegistryTracker tracker, ConfirmedStarts confirmed, ProcessIdentity identity,
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
        this.config = config.orchestrator();
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
        try {
            OrchestratorRef existing = tracker.read().forPlan(plan);
            if (existing != null && existing.running()) {
                throw new ApiException(ErrorCode.ALREADY_RUNNING, "An orchestrator is already running for plan " + plan,
                        details("existingPid", existing.pid()));
            }
            return spawnAndConfirm(plan, view.path(), request);
        } finally {
            lock.unlock();
        }
    }

    private ControlResponses.StartResponse spawnAndConfirm(String plan, String planPath, StartRequest request) {
        List<String> argv = command.argv(plan, planPath, request);
        Path logFile = workspace.logFile(plan);
        PendingStart start = new PendingStart(Instant.now().minusSeconds(1), new CompletableFuture<>());
        pending.put(plan, start);
        Process process;
        try {
            appendToLog(logFile, "starting orchestrator: " + String.join(" ", argv));
            process = new ProcessBuilder(OrchestratorCommand.inOwnProcessGroup(argv))
                    .directory(workspace.root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            pending.remove(plan, start);
            throw startFailed(plan, "Could not run " + argv.get(0) + ": " + e.getMessage(), null, logFile);
        }
        try {
            return confirm(plan, process, start, logFile, request);
        } finally {
            pending.remove(plan, start);
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
        if (start.registered().isDone() && !start.registered().join().running()) {
            OrchestratorRef ref = start.registered().join();
            throw startFailed(plan, "The orchestrator registered and exited (status " + ref.status() + ")",
                    exited.isDone() ? process.exitValue() : null, logFile);
        }
        if (start.registered().isDone()) {
            OrchestratorRef ref = start.registered().join();
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
        startsConfirmed.increment();
        return new ControlResponses.StartResponse(true, "Orchestrator started for plan " + plan,
                new ControlResponses.Started(id, pid, workspace.relative(logFile), startedAt, mode));
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

    /** Completes a waiting start when the detector sees the plan's new live orchestrator. */
    void onPlanChanged(@Observes PlanChanged change) {
        PendingStart start = pending.get(change.plan());
        OrchestratorRef ref = change.after() == null ? null : change.after().orchestrator();
        // Any entry newer than the spawn is this start's: running (confirmed) or already finished (failed).
        if (start != null && ref != null && ref.id() != null
                && Timestamps.parse(ref.startedAt()).map(at -> !at.isBefore(start.spawnedAt())).orElse(false)) {
            start.registered().complete(ref);
        }
    }

    public ControlResponses.StopResponse stop(String plan, StopRequest request) {
        requireControlMode();
        boolean force = Boolean.TRUE.equals(request.force());
        Duration timeout = stopTimeout(request.timeout());
        RegistryView registry = tracker.read();
        RegistryView.TrackedEntry live = registry.entries().stream()
                .filter(t -> plan.equals(t.entry().plan()) && t.alive() && t.entry().claimsRunning())
                .findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_RUNNING, "No running orchestrator found for plan " + plan,
                        Map.of("plan", plan)));
        RegistryEntry entry = live.entry();
        ProcessHandle process = identity.verified(entry.pid(), entry.startedAt())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_RUNNING, "The orchestrator of plan " + plan + " is no longer running",
                        Map.of("plan", plan)));
        ProcessSignals.signal(process, force);
        boolean forced = force;
        if (!awaitExit(process, force ? Duration.ofSeconds(5) : timeout)) {
            if (!force) {
                forced = true;
                ProcessSignals.signal(process, true);
            }
            if (!awaitExit(process, Duration.ofSeconds(5))) {
                throw new ApiException(ErrorCode.STOP_FAILED, "The orchestrator of plan " + plan + " did not exit",
                        details("pid", entry.pid()));
            }
        }
        Integer exitCode = exitCodeOf(entry.pid());
        markStopped(entry);
        appendToLog(workspace.logFile(plan), "orchestrator " + entry.pid() + " stopped" + (forced ? " (killed)" : ""));
        stopsConfirmed.increment();
        return new ControlResponses.StopResponse(true, "Orchestrator stopped for plan " + plan,
                new ControlResponses.Stopped(entry.pid(), Timestamps.now(), forced, exitCode));
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

    /**
     * Waits for the process to be gone (or a zombie). The JDK notices the exit of a process that is
     * not its child only after a slow backoff (about 300 ms), so its state is checked every 5 ms.
     */
    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ProcessSignals.isGone(process)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ProcessSignals.isGone(process);
            }
        }
        return true;
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
