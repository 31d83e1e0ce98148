package dev.planwatch.orchestrator;

import dev.planwatch.plans.PlanSummary;
import dev.planwatch.plans.catalog.TaskView;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Bodies of the control endpoints. */
public final class ControlResponses {

    private ControlResponses() {
    }

    @RegisterForReflection
    public record Started(String id, Long pid, String logFile, String startedAt, String mode) {
    }

    /** A confirmed start: {@code data} is the new orchestrator as {@code GET /api/orchestrators/{id}} shows it. */
    @RegisterForReflection
    public record StartResponse(boolean success, String message, Started orchestrator, OrchestratorInfo data) {

        public StartResponse withData(OrchestratorInfo info) {
            return new StartResponse(success, message, orchestrator, info);
        }
    }

    /** {@code processesEnded}: how many processes of the orchestrator (itself, its workers) the stop ended. */
    @RegisterForReflection
    public record Stopped(Long pid, String stoppedAt, boolean forced, Integer exitCode, int processesEnded) {
    }

    /** A confirmed stop; {@code data} is the same as {@code orchestrator}. */
    @RegisterForReflection
    public record StopResponse(boolean success, String message, Stopped orchestrator, Stopped data) {

        public StopResponse(boolean success, String message, Stopped orchestrator) {
            this(success, message, orchestrator, orchestrator);
        }
    }

    /**
     * An orchestrator as {@code /api/orchestrators} lists it: the dashboard's {@code Orchestrator} and
     * planwatch's own fields.
     *
     * @param planName     its plan (the same as {@code plan})
     * @param status       running, paused, stopped, completed or failed (see {@code OrchestratorState})
     * @param lifecycle    planwatch's finer status: running, stopping, stopped, crashed, orphaned, completing,
     *                     unverified, or what the registry says; for a run in the cluster its own: pending, running,
     *                     paused, stopping, completed, failed or stopped
     * @param reason       why a run in the cluster failed or is held up ({@code OOMKilled}, {@code ImagePullBackOff}…);
     *                     null when nothing is wrong, and for every orchestrator of the registry
     * @param paused       what it answered over IPC (a run in the cluster: what its sidecar last said); null when it
     *                     cannot be asked
     * @param elapsedTime  seconds since it started (while running), else from its start to its last heartbeat
     * @param progress     percent of its plan's tasks completed
     * @param currentPhase the number of its plan's current phase
     * @param currentTask  the id of the task in progress
     * @param summary      its plan's task counts
     * @param config       the options it was started with: complete when this planwatch started it, else only
     *                     the mode the registry names; null when nothing is known
     * @param registered   false when planwatch started it and its entry has since gone from the registry file
     */
    @RegisterForReflection
    public record OrchestratorInfo(String id, Long pid, String planName, String plan, String planPath, String worktreePath,
                                   String status, String lifecycle, String reason, boolean alive, boolean running, Boolean paused,
                                   String startedAt, String lastHeartbeat, Long elapsedTime, int progress,
                                   Integer currentPhase, String currentTask, PlanSummary summary, OrchestratorConfig config,
                                   boolean registered, List<ProcessRef> processes) {
    }

    /** The options an orchestrator was started with (the dashboard's {@code OrchestratorConfig}). */
    @RegisterForReflection
    public record OrchestratorConfig(String mode, Integer batchSize, Integer maxIterations, Integer timeout, Boolean autonomous,
                                     Boolean autoComplete) {

        static OrchestratorConfig of(StartRequest request) {
            return new OrchestratorConfig(request.mode() == null ? "batch" : request.mode(), request.batchSize(),
                    request.maxIterations(), request.timeout(), request.autonomous(), request.autoComplete());
        }
    }

    /** A live process of an orchestrator: the registered one, a worker, or one it left behind. */
    @RegisterForReflection
    public record ProcessRef(long pid, String command) {
    }

    /** A command sent; {@code data} is the orchestrator as it shows after it (null once it has gone from the registry). */
    @RegisterForReflection
    public record CommandResponse(boolean success, String message, String orchestratorId, OrchestratorInfo data) {
    }

    /** A skip or retry: what was done, and the task as status.json now holds it. */
    @RegisterForReflection
    public record TaskActionResponse(boolean success, String message, TaskView data) {
    }
}
