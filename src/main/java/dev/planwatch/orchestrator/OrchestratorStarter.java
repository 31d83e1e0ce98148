package dev.planwatch.orchestrator;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.plans.PlanService;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.registry.ConfirmedStarts;
import dev.planwatch.registry.OrchestratorProcesses;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.registry.RegistryEntry;
import dev.planwatch.registry.RegistryTracker;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.worktrees.PlanWorktrees;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts orchestrators, and answers only once a start is confirmed ({@link StartConfirmations}).
 * One start per plan at a time, none of a plan already running. For an orchestrator that runs the
 * plan its {@code current-plan.txt} names, the file is pointed at the requested plan first, one such
 * start runs at a time in the checkout, no second plan starts while one runs there, and a
 * registration for another plan fails the start and is stopped. A start in the plan's own worktree
 * touches no pointer of the main checkout: its orchestrator gets {@code --worktree} and reads the
 * worktree's pointer, so plans in worktrees run beside each other and beside the one in the checkout.
 * Runs on worker threads.
 */
@ApplicationScoped
@Startup // its meters are on /q/metrics from the start
public class OrchestratorStarter {

    private static final Logger LOG = Logger.getLogger(OrchestratorStarter.class);

    private final ControlMode controlMode;
    private final PlanService plans;
    private final RegistryTracker tracker;
    private final ConfirmedStarts confirmed;
    private final OrchestratorCommand command;
    private final Workspace workspace;
    private final OrchestratorProcesses processes;
    private final ActivePlanPointer pointer;
    private final OrchestratorLauncher launcher;
    private final StartConfirmations confirmations;
    private final PlanWorktrees worktrees;
    private final Instance<RemoteLauncher> remote;
    private final Map<String, ReentrantLock> planLocks = new ConcurrentHashMap<>();
    /** Held by a start of an orchestrator that reads current-plan.txt: one such start at a time in the checkout. */
    private final ReentrantLock checkoutStart = new ReentrantLock();
    /** The options of each start this planwatch confirmed, by orchestrator id (a few hundred bytes per start). */
    private final Map<String, StartRequest> startedWith = new ConcurrentHashMap<>();
    private final Counter startsConfirmed;
    private final Counter startsFailed;

    public OrchestratorStarter(ControlMode controlMode, PlanService plans, RegistryTracker tracker, ConfirmedStarts confirmed,
                               OrchestratorProcesses processes, ActivePlanPointer pointer, OrchestratorCommand command,
                               OrchestratorLauncher launcher, StartConfirmations confirmations, Workspace workspace,
                               PlanWorktrees worktrees, Instance<RemoteLauncher> remote, MeterRegistry meters) {
        this.worktrees = worktrees;
        this.remote = remote;
        this.startsConfirmed = Counter.builder("planwatch.orchestrators.started").description("Starts confirmed").register(meters);
        this.startsFailed = Counter.builder("planwatch.orchestrators.start.failed").description("Starts answered START_FAILED")
                .register(meters);
        this.controlMode = controlMode;
        this.plans = plans;
        this.tracker = tracker;
        this.confirmed = confirmed;
        this.command = command;
        this.workspace = workspace;
        this.processes = processes;
        this.pointer = pointer;
        this.launcher = launcher;
        this.confirmations = confirmations;
    }

    /** The options the orchestrator {@code id} was started with, if this planwatch started it. */
    public Optional<StartRequest> startedWith(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(startedWith.get(id));
    }

    public ControlResponses.StartResponse start(String plan, StartRequest request) {
        controlMode.require();
        if (confirmations.shuttingDown()) {
            throw shuttingDown("planwatch is shutting down");
        }
        validate(request);
        PlanView view = plans.require(plans.snapshot(), plan);
        if (remote.isResolvable() && remote.get().active()) {
            return remote.get().start(plan, view.path(), request);
        }
        ReentrantLock lock = planLocks.computeIfAbsent(plan, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ApiException(ErrorCode.ALREADY_RUNNING, "A start of plan " + plan + " is already in progress",
                    details("existingPid", null));
        }
        if (request.inWorktree()) {
            try {
                requireNotRunning(tracker.read(), plan);
                PlanWorktrees.Prepared worktree = worktrees.forStart(plan);
                return spawnAndConfirm(plan, command.inWorktree(command.argv(plan, view.path(), request), worktree.path()), request, false);
            } finally {
                lock.unlock();
            }
        }
        boolean readsCurrentPlan = command.readsCurrentPlan();
        try {
            if (readsCurrentPlan && !checkoutStart.tryLock()) {
                throw new ApiException(ErrorCode.WORKSPACE_BUSY, "Another orchestrator is being started in this checkout",
                        details("plan", plan));
            }
            try {
                RegistryView registry = tracker.read();
                requireNotRunning(registry, plan);
                if (readsCurrentPlan) {
                    requireCheckoutFree(registry, plan);
                    pointAt(plan, view.path());
                }
                return spawnAndConfirm(plan, command.argv(plan, view.path(), request), request, readsCurrentPlan);
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
     * A plan runs in one place at a time: its orchestrator in the main checkout, in its worktree
     * started by planwatch, or started by hand inside the worktree (registered in the worktree's own registry).
     */
    private static void requireNotRunning(RegistryView registry, String plan) {
        OrchestratorRef existing = registry.forPlan(plan);
        if (existing != null && existing.running()) {
            Map<String, Object> details = details("existingPid", existing.pid());
            details.put("orchestratorId", existing.id());
            throw new ApiException(ErrorCode.ALREADY_RUNNING, "An orchestrator is already running for plan " + plan, details);
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
            throw startFailed(plan, "Could not point current-plan.txt at " + planPath + ": " + e.getMessage(), null);
        }
    }

    private ControlResponses.StartResponse spawnAndConfirm(String plan, List<String> argv, StartRequest request, boolean readsCurrentPlan) {
        StartConfirmations.PendingStart start = confirmations.expect(plan, readsCurrentPlan);
        try {
            Process process;
            try {
                process = launcher.launch(plan, argv);
            } catch (IOException e) {
                throw startFailed(plan, "Could not run " + argv.get(0) + ": " + e.getMessage(), null);
            }
            return answer(plan, process, confirmations.await(start, process.onExit().thenApply(Process::exitValue)), request);
        } finally {
            confirmations.forget(start);
        }
    }

    private ControlResponses.StartResponse answer(String plan, Process process, StartConfirmations.Confirmation confirmation,
                                                 StartRequest request) {
        if (confirmation instanceof StartConfirmations.Running running) {
            OrchestratorRef ref = running.ref();
            if (!running.childExited()) {
                launcher.keep(process);
            }
            // The snapshot that announced the registration holds the entry: no second registry read.
            plans.snapshot().registry().entries().stream()
                    .filter(t -> ref.id().equals(t.entry().id()))
                    .findFirst()
                    .ifPresent(t -> confirmed.remember(t.entry()));
            LOG.infof("Orchestrator %s for %s confirmed (pid %d)", ref.id(), plan, ref.pid());
            return started(plan, ref.id(), ref.pid(), ref.startedAt(), request);
        }
        if (confirmation instanceof StartConfirmations.Unregistered) {
            // Alive after the grace without registering: an orchestrator that does not use the registry.
            launcher.keep(process);
            return started(plan, null, process.pid(), Timestamps.now(), request);
        }
        if (confirmation instanceof StartConfirmations.Stray stray) {
            throw strayStart(plan, stray.registration());
        }
        if (confirmation instanceof StartConfirmations.RegisteredAndExited exited) {
            throw startFailed(plan, "The orchestrator registered and exited (status " + exited.ref().status() + ")", exited.exitCode());
        }
        if (confirmation instanceof StartConfirmations.Exited exited) {
            throw startFailed(plan, exited.exitCode() == 0
                    ? "The orchestrator exited without registering"
                    : "The orchestrator exited with code " + exited.exitCode(), exited.exitCode());
        }
        if (confirmation instanceof StartConfirmations.ShutDown) {
            // Shutdown began: answer now rather than hold the shutdown for the rest of the timeout.
            throw shuttingDown("The orchestrator of plan " + plan + " was spawned, but planwatch is shutting down before it registered");
        }
        throw startFailed(plan, "The orchestrator did not start", null);
    }

    private ControlResponses.StartResponse started(String plan, String id, Long pid, String startedAt, StartRequest request) {
        String mode = request.mode() == null ? "batch" : request.mode();
        if (id != null) {
            startedWith.put(id, request);
        }
        startsConfirmed.increment();
        return new ControlResponses.StartResponse(true, "Orchestrator started for plan " + plan,
                new ControlResponses.Started(id, pid, workspace.relative(workspace.logFile(plan)), startedAt, mode), null);
    }

    private static ApiException shuttingDown(String message) {
        return new ApiException(ErrorCode.SHUTTING_DOWN, message);
    }

    /** The start ran another plan than asked: it is stopped, and the start fails saying so. */
    private ApiException strayStart(String plan, StartConfirmations.Registration registration) {
        OrchestratorRef ref = registration.ref();
        plans.snapshot().registry().entries().stream()
                .filter(t -> ref.id().equals(t.entry().id()) && t.alive())
                .findFirst()
                .flatMap(t -> processes.remember(t.entry()))
                .ifPresent(tree -> processes.terminate(tree, true, Duration.ofSeconds(5), false));
        ApiException failure = startFailed(plan, "The orchestrator registered for plan " + registration.plan() + " instead of "
                + plan + "; it was stopped", null);
        failure.details().put("registeredPlan", registration.plan());
        return failure;
    }

    private static void validate(StartRequest request) {
        if (request.mode() != null && !List.of("batch", "continuous").contains(request.mode())) {
            throw ApiException.invalid("mode must be batch or continuous", "mode");
        }
        requireRange("batchSize", request.batchSize(), StartRequest.MAX_BATCH_SIZE);
        requireRange("maxIterations", request.maxIterations(), StartRequest.MAX_ITERATIONS);
        requireRange("timeout", request.timeout(), StartRequest.MAX_TIMEOUT_SECONDS);
        if (request.tasks() != null) {
            if (request.tasks().size() > StartRequest.MAX_TASKS) {
                throw ApiException.invalid("too many tasks", "tasks");
            }
            for (String task : request.tasks()) {
                if (!Names.isTaskId(task)) {
                    throw ApiException.invalid("Invalid task id in tasks: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}", "tasks");
                }
            }
        }
    }

    private static void requireRange(String field, Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            throw ApiException.invalid(field + " must be from 1 to " + max, field);
        }
    }

    private ApiException startFailed(String plan, String message, Integer exitCode) {
        Map<String, Object> details = new HashMap<>();
        details.put("plan", plan);
        details.put("exitCode", exitCode);
        details.put("logFile", workspace.relative(workspace.logFile(plan)));
        details.put("logTail", launcher.logTail(plan));
        startsFailed.increment();
        return new ApiException(ErrorCode.START_FAILED, message, details);
    }

    private static Map<String, Object> details(String key, Object value) {
        Map<String, Object> details = new HashMap<>();
        details.put(key, value);
        return details;
    }
}
