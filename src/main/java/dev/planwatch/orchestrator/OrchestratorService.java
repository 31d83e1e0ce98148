package dev.planwatch.orchestrator;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.PlanService;
import dev.planwatch.plans.PlanSummary;
import dev.planwatch.plans.TaskActions;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.CurrentTask;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.PlanDerivations;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.Progress;
import dev.planwatch.plans.catalog.TaskView;
import dev.planwatch.registry.Liveness;
import dev.planwatch.registry.OrchestratorNotFoundException;
import dev.planwatch.registry.OrchestratorProcesses;
import dev.planwatch.registry.OrchestratorState;
import dev.planwatch.registry.ProcessTable;
import dev.planwatch.registry.RegistryEntry;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.context.ManagedExecutor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The orchestrators as the registry and their IPC sockets describe them; pause, resume and stop over IPC. */
@ApplicationScoped
public class OrchestratorService {

    /** Listing asks each live orchestrator for its paused state, briefly. */
    private static final Duration STATUS_TIMEOUT = Duration.ofMillis(500);

    private final PlanCatalog catalog;
    private final PlanService plans;
    private final IpcClient ipc;
    private final ControlMode controlMode;
    private final OrchestratorStarter starter;
    private final OrchestratorStopper stopper;
    private final TaskActions taskActions;
    private final Duration commandTimeout;
    private final ManagedExecutor executor;
    private final OrchestratorProcesses processes;
    private final Instance<RemoteLauncher> remote;

    public OrchestratorService(PlanCatalog catalog, PlanService plans, ObjectMapper mapper, ControlMode controlMode,
                               OrchestratorStarter starter, OrchestratorStopper stopper, TaskActions taskActions,
                               PlanwatchConfig config, ManagedExecutor executor, OrchestratorProcesses processes,
                               Instance<RemoteLauncher> remote) {
        this.plans = plans;
        this.remote = remote;
        this.processes = processes;
        this.executor = executor;
        this.catalog = catalog;
        this.ipc = new IpcClient(mapper);
        this.controlMode = controlMode;
        this.starter = starter;
        this.stopper = stopper;
        this.taskActions = taskActions;
        this.commandTimeout = config.orchestrator().ipcTimeout();
    }

    /**
     * Every entry, newest first. The live ones are asked for their paused state all at once: the real
     * orchestrator's {@code status} can be slow, and one slow answer must not add up per orchestrator.
     */
    public List<ControlResponses.OrchestratorInfo> list() {
        CatalogSnapshot snapshot = catalog.snapshot();
        List<RegistryView.TrackedEntry> entries = snapshot.registry().sortedByStart();
        // Every answer is awaited for one bound in all: a peer that does not answer reads as null.
        List<CompletableFuture<Boolean>> answers = entries.stream()
                .map(t -> CompletableFuture.supplyAsync(() -> paused(t), executor)
                        .completeOnTimeout(null, STATUS_TIMEOUT.toMillis() + 100, TimeUnit.MILLISECONDS))
                .toList();
        List<ProcessTable.ProcessInfo> table = anyProcesses(entries) ? ProcessTable.all() : List.of();
        List<ControlResponses.OrchestratorInfo> infos = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            infos.add(info(snapshot, entries.get(i), answers.get(i).join(), table));
        }
        return infos;
    }

    public ControlResponses.OrchestratorInfo get(String id) {
        return get(id, true);
    }

    /** One orchestrator; {@code askPaused} false skips the IPC question (paused then reads null). */
    private ControlResponses.OrchestratorInfo get(String id, boolean askPaused) {
        CatalogSnapshot snapshot = catalog.snapshot();
        RegistryView.TrackedEntry tracked = snapshot.registry().require(id);
        List<ProcessTable.ProcessInfo> table = anyProcesses(List.of(tracked)) ? ProcessTable.all() : List.of();
        return info(snapshot, tracked, askPaused ? paused(tracked) : null, table);
    }

    /** One orchestrator if the registry (or this planwatch) still knows it. */
    private Optional<ControlResponses.OrchestratorInfo> find(String id, boolean askPaused) {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(get(id, askPaused));
        } catch (OrchestratorNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Starts the plan named by {@code plan}, else by the file name of {@code planPath}. */
    public ControlResponses.StartResponse start(OrchestratorStartRequest request) {
        if (request == null || (request.plan() == null && request.planPath() == null)) {
            throw ApiException.invalid("plan or planPath is required", "planPath");
        }
        String plan = request.plan() != null ? request.plan() : Names.stemOf(request.planPath());
        if (!Names.isPlanName(plan)) {
            throw ApiException.invalid("Invalid plan: must name docs/plans/<name>.md", request.plan() != null ? "plan" : "planPath");
        }
        return startPlan(plan, request.config() == null ? StartRequest.DEFAULTS : request.config());
    }

    /**
     * Starts the plan's orchestrator; the reply's {@code data} is the new orchestrator (absent for one
     * that does not use the registry: it has no id to show).
     */
    public ControlResponses.StartResponse startPlan(String plan, StartRequest request) {
        ControlResponses.StartResponse started = starter.start(plan, request);
        // Just started, so not paused: the IPC question is skipped.
        return started.withData(find(started.orchestrator().id(), false).orElse(null));
    }

    /** Stops the plan's running orchestrator and every process it started. */
    public ControlResponses.StopResponse stopPlan(String plan, StopRequest request) {
        if (remote.isResolvable()) {
            controlMode.require();
            Optional<ControlResponses.StopResponse> stopped = remote.get().stopPlan(plan, request);
            if (stopped.isPresent()) {
                return stopped.get();
            }
        }
        return stopper.stop(plan, request);
    }

    /** Skips a task of a plan (observe mode refuses it, as every control). */
    public ControlResponses.TaskActionResponse skipInPlan(String plan, String taskId, SkipRequest request) {
        controlMode.require();
        if (request.reason() != null && request.reason().length() > SkipRequest.MAX_REASON_LENGTH) {
            throw ApiException.invalid("reason must be at most " + SkipRequest.MAX_REASON_LENGTH + " characters", "reason");
        }
        Optional<ControlResponses.TaskActionResponse> remoteAnswer = remoteTaskAction(plan, taskId, "skip", request);
        if (remoteAnswer.isPresent()) {
            return remoteAnswer.get();
        }
        TaskActions.Outcome outcome = taskActions.skip(plan, taskId, request.reason());
        return new ControlResponses.TaskActionResponse(true, outcome.message(), outcome.task());
    }

    /** Resets a failed or skipped task of a plan to pending (observe mode refuses it, as every control). */
    public ControlResponses.TaskActionResponse retryInPlan(String plan, String taskId) {
        controlMode.require();
        Optional<ControlResponses.TaskActionResponse> remoteAnswer = remoteTaskAction(plan, taskId, "retry", null);
        if (remoteAnswer.isPresent()) {
            return remoteAnswer.get();
        }
        TaskActions.Outcome outcome = taskActions.retry(plan, taskId);
        return new ControlResponses.TaskActionResponse(true, outcome.message(), outcome.task());
    }

    /** The tasks of the plan the orchestrator runs. */
    public List<TaskView> tasks(String id) {
        CatalogSnapshot snapshot = catalog.snapshot();
        RegistryEntry entry = snapshot.registry().require(id).entry();
        return Optional.ofNullable(entry.plan()).flatMap(snapshot::plan)
                .map(view -> plans.records(view).tasks())
                .orElseThrow(() -> new ApiException(ErrorCode.PLAN_NOT_FOUND,
                        "The plan of orchestrator " + id + " is not in the workspace",
                        Map.of("id", id, "plan", String.valueOf(entry.plan()))));
    }

    /**
     * Asks a live orchestrator to shut down over IPC. One whose registered process is gone while
     * processes it started live on cannot be asked: those processes are ended as a stop would.
     */
    public ControlResponses.CommandResponse shutdown(String id) {
        controlMode.require();
        Optional<ControlResponses.CommandResponse> remoteAnswer = remoteCommand(id, "shutdown");
        if (remoteAnswer.isPresent()) {
            return remoteAnswer.get();
        }
        RegistryView.TrackedEntry tracked = catalog.snapshot().registry().require(id);
        if (tracked.liveness() == Liveness.ORPHANED) {
            ControlResponses.StopResponse stopped = stopper.stop(tracked, StopRequest.DEFAULTS);
            return new ControlResponses.CommandResponse(true, "Ended " + stopped.orchestrator().processesEnded()
                    + " process(es) the orchestrator left", id, find(id, false).orElse(null));
        }
        return command(id, "shutdown");
    }

    /** Skips a task of the orchestrator's plan. */
    public ControlResponses.TaskActionResponse skip(String id, String taskId, SkipRequest request) {
        return skipInPlan(planOf(id), taskId, request);
    }

    /** Retries a task of the orchestrator's plan. */
    public ControlResponses.TaskActionResponse retry(String id, String taskId) {
        return retryInPlan(planOf(id), taskId);
    }

    private String planOf(String id) {
        RegistryEntry entry = catalog.snapshot().registry().require(id).entry();
        if (entry.plan() == null) {
            throw new ApiException(ErrorCode.PLAN_NOT_FOUND, "Orchestrator " + id + " names no plan", Map.of("id", id));
        }
        return entry.plan();
    }

    /** Sends {@code pause}, {@code resume} or {@code shutdown} to a live orchestrator. */
    public ControlResponses.CommandResponse command(String id, String command) {
        controlMode.require();
        Optional<ControlResponses.CommandResponse> remoteAnswer = remoteCommand(id, command);
        if (remoteAnswer.isPresent()) {
            return remoteAnswer.get();
        }
        RegistryView.TrackedEntry tracked = catalog.snapshot().registry().require(id);
        if (!tracked.alive() || tracked.entry().socketPath() == null) {
            throw new ApiException(ErrorCode.ORCHESTRATOR_UNREACHABLE, "Orchestrator " + id + " is not reachable: "
                    + (tracked.alive() ? "it has no IPC socket" : "it is not running"), Map.of("id", id));
        }
        try {
            JsonNode reply = ipc.request(Path.of(tracked.entry().socketPath()), command, null, commandTimeout);
            if (reply.has("error")) {
                throw new ApiException(ErrorCode.ORCHESTRATOR_UNREACHABLE, "Orchestrator " + id + " refused " + command + ": "
                        + reply.get("error").asText(), Map.of("id", id));
            }
            // After a shutdown request the orchestrator is winding down: it is not asked again.
            return new ControlResponses.CommandResponse(true, reply.path("message").asText(command + " sent"), id,
                    find(id, !"shutdown".equals(command)).orElse(null));
        } catch (IOException e) {
            throw new ApiException(ErrorCode.ORCHESTRATOR_UNREACHABLE, "Orchestrator " + id + " did not answer on its IPC socket",
                    Map.of("id", id, "reason", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private Optional<ControlResponses.CommandResponse> remoteCommand(String id, String command) {
        return remote.isResolvable() ? remote.get().command(id, command) : Optional.empty();
    }

    /** A task of a plan run elsewhere changes in that run's status.json, never in this planwatch's copy of it. */
    private Optional<ControlResponses.TaskActionResponse> remoteTaskAction(String plan, String taskId, String action, SkipRequest request) {
        return remote.isResolvable() ? remote.get().taskAction(plan, taskId, action, request) : Optional.empty();
    }

    private static boolean anyProcesses(List<RegistryView.TrackedEntry> entries) {
        return entries.stream().anyMatch(t -> t.liveness() == Liveness.ALIVE || t.liveness() == Liveness.ORPHANED);
    }

    private ControlResponses.OrchestratorInfo info(CatalogSnapshot snapshot, RegistryView.TrackedEntry tracked, Boolean paused,
                                                   List<ProcessTable.ProcessInfo> table) {
        RegistryEntry e = tracked.entry();
        Optional<PlanView> plan = e.plan() == null ? Optional.empty() : snapshot.plan(e.plan());
        Progress progress = plan.map(PlanView::progress).orElse(Progress.EMPTY);
        List<ControlResponses.ProcessRef> live = table.isEmpty() ? List.of()
                : processes.processes(e.id(), table, tracked.alive()).stream()
                        .map(p -> new ControlResponses.ProcessRef(p.pid(), ProcessTable.displayCommand(p.pid())))
                        .toList();
        String lifecycle = tracked.effectiveStatus();
        String currentPhase = plan.map(view -> view.digest().currentPhase()).orElse(null);
        String currentTask = plan.map(view -> view.digest().currentTask()).map(CurrentTask::id).orElse(null);
        ControlResponses.OrchestratorConfig started = starter.startedWith(e.id())
                .map(ControlResponses.OrchestratorConfig::of)
                .orElse(e.mode() == null ? null : new ControlResponses.OrchestratorConfig(e.mode(), null, null, null, null, null));
        return new ControlResponses.OrchestratorInfo(e.id(), e.pid(), e.plan(), e.plan(), e.planPath(), e.worktreePath(),
                OrchestratorState.of(lifecycle, paused, progress.allCompleted()).wire(), lifecycle,
                tracked.remote() == null ? null : tracked.remote().reason(), tracked.alive(), tracked.running(),
                paused, e.startedAt(), e.lastHeartbeat(), elapsedSeconds(tracked), progress.percentage(),
                currentPhase == null ? null : PlanDerivations.phaseNumber(currentPhase), currentTask, PlanSummary.of(progress),
                started, tracked.registered(), live);
    }

    /**
     * Seconds since the start while it runs, else from its start to its last heartbeat (a run in the
     * cluster: to its end); null when unknown.
     */
    private static Long elapsedSeconds(RegistryView.TrackedEntry tracked) {
        RegistryEntry entry = tracked.entry();
        Optional<Instant> start = Timestamps.parse(entry.startedAt());
        String ended = tracked.remote() != null ? tracked.remote().endedAt() : entry.lastHeartbeat();
        Optional<Instant> end = tracked.running() ? Optional.of(Instant.now()) : Timestamps.parse(ended);
        if (start.isEmpty() || end.isEmpty() || end.get().isBefore(start.get())) {
            return null;
        }
        return Duration.between(start.get(), end.get()).toSeconds();
    }

    /**
     * Paused lives only in the orchestrator's memory: asked over IPC; null when it cannot be asked.
     * A run in the cluster is not asked here: what its sidecar last said is part of the run.
     */
    private Boolean paused(RegistryView.TrackedEntry tracked) {
        if (tracked.remote() != null) {
            return tracked.remote().running() ? tracked.remote().paused() : null;
        }
        if (!tracked.alive() || tracked.entry().socketPath() == null) {
            return null;
        }
        try {
            JsonNode status = ipc.request(Path.of(tracked.entry().socketPath()), "status", null, STATUS_TIMEOUT);
            return status.has("paused") ? status.get("paused").asBoolean() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
