package dev.planwatch.registry;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A plan's orchestrator as every endpoint reports it. {@code status} is the registry's, except
 * that an entry claiming to run whose process is gone is {@code crashed}; {@code running} is
 * true only for a live, verified process. A {@link RemoteRun} (a run in the cluster) has no pid;
 * its {@code status} is its own lifecycle ({@code pending}, {@code running}, {@code paused},
 * {@code stopping}, {@code completed}, {@code failed}, {@code stopped}) and {@code reason} says why
 * it failed or is held up. {@code reason} is null for every registry entry.
 */
@RegisterForReflection
public record OrchestratorRef(
        String id,
        Long pid,
        String status,
        boolean running,
        String startedAt,
        String lastHeartbeat,
        String mode,
        String reason) {

    public OrchestratorRef(String id, Long pid, String status, boolean running, String startedAt, String lastHeartbeat,
                           String mode) {
        this(id, pid, status, running, startedAt, lastHeartbeat, mode, null);
    }
}
