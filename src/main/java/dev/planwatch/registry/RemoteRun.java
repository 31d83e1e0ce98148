package dev.planwatch.registry;

import java.util.Objects;

/**
 * An orchestrator run that is no process of this planwatch: a plan's run in a cluster, as the
 * launcher that follows it reports it. It stands beside the registry's entries in the
 * {@link RegistryView}, so every endpoint and message shows it as the plan's orchestrator.
 *
 * @param id        the run's id, what the orchestrator endpoints take
 * @param plan      the plan it runs
 * @param planPath  the plan's markdown, relative to the workspace
 * @param status    its lifecycle: {@code pending} (not started yet, or held up), {@code running},
 *                  {@code paused}, {@code stopping}, {@code completed}, {@code failed}, or
 *                  {@code stopped} (removed before it ended)
 * @param running   whether its orchestrator runs (running, paused or stopping)
 * @param paused    what the run said of its orchestrator being paused; null when it was not asked or did not answer
 * @param reason    why it failed or is held up ({@code OOMKilled}, {@code ImagePullBackOff}…); null when nothing is wrong
 * @param startedAt when the run was created
 * @param endedAt   when it completed or failed; null before
 */
public record RemoteRun(String id, String plan, String planPath, String status, boolean running, Boolean paused,
                        String reason, String startedAt, String endedAt) {

    public RemoteRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    /** The run as a registry entry: no process, socket or port of this machine. */
    RegistryEntry asEntry() {
        return new RegistryEntry(id, null, plan, planPath, null, startedAt, null, status, null, null, null);
    }
}
