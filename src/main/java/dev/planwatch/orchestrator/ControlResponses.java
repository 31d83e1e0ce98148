package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Bodies of the control endpoints. */
public final class ControlResponses {

    private ControlResponses() {
    }

    @RegisterForReflection
    public record Started(String id, Long pid, String logFile, String startedAt, String mode) {
    }

    @RegisterForReflection
    public record StartResponse(boolean success, String message, Started orchestrator) {
    }

    /** {@code processesEnded}: how many processes of the orchestrator (itself, its workers) the stop ended. */
    @RegisterForReflection
    public record Stopped(Long pid, String stoppedAt, boolean forced, Integer exitCode, int processesEnded) {
    }

    @RegisterForReflection
    public record StopResponse(boolean success, String message, Stopped orchestrator) {
    }

    /**
     * An orchestrator as {@code /api/orchestrators} lists it; {@code registered} is false when
     * planwatch started it and its entry has since gone from the registry file.
     */
    @RegisterForReflection
    public record OrchestratorInfo(String id, Long pid, String plan, String planPath, String worktreePath,
                                   String status, boolean alive, boolean running, Boolean paused, String startedAt,
                                   String lastHeartbeat, dev.planwatch.plans.Progress progress, boolean registered,
                                   List<ProcessRef> processes) {
    }

    /** A live process of an orchestrator: the registered one, a worker, or one it left behind. */
    @RegisterForReflection
    public record ProcessRef(long pid, String command) {
    }

    @RegisterForReflection
    public record CommandResponse(boolean success, String message, String orchestratorId) {
    }

    /** A skip or retry: what was done, and the task as status.json now holds it. */
    @RegisterForReflection
    public record TaskActionResponse(boolean success, String message, dev.planwatch.plans.TaskView data) {
    }
}
