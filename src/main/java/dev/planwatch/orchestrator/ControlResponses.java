package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

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

    @RegisterForReflection
    public record Stopped(Long pid, String stoppedAt, boolean forced, Integer exitCode) {
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
                                   String status, boolean alive, Boolean paused, String startedAt,
                                   String lastHeartbeat, dev.planwatch.plans.Progress progress, boolean registered) {
    }

    @RegisterForReflection
    public record CommandResponse(boolean success, String message, String orchestratorId) {
    }
}
