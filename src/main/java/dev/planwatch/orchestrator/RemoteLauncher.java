package dev.planwatch.orchestrator;

import java.util.Optional;

/**
 * A launcher that runs plans away from this machine (a Kubernetes Job per plan run). When it is
 * the configured one, every start goes to it; stops and commands go to it for the runs it knows,
 * and to the local orchestrators otherwise.
 */
public interface RemoteLauncher {

    /** Whether starts go to this launcher ({@code planwatch.orchestrator.launcher}). */
    boolean active();

    /** Starts a run of {@code plan} (its markdown at {@code planPath}); answers once the run exists. */
    ControlResponses.StartResponse start(String plan, String planPath, StartRequest request);

    /** Stops the plan's run; empty when the plan has no run of this launcher. */
    Optional<ControlResponses.StopResponse> stopPlan(String plan, StopRequest request);

    /** Sends {@code pause}, {@code resume} or {@code shutdown} to run {@code id}; empty when it is not one of this launcher's. */
    Optional<ControlResponses.CommandResponse> command(String id, String command);

    /**
     * Skips ({@code skip}, with {@code skipRequest}) or retries ({@code retry}) a task where the plan's
     * run keeps its status.json; empty when starts do not go to this launcher. A plan of this launcher
     * with no run to reach is refused: what this planwatch shows of it is a copy.
     */
    Optional<ControlResponses.TaskActionResponse> taskAction(String plan, String taskId, String action, SkipRequest skipRequest);
}
