package dev.planwatch.registry;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A plan's orchestrator as every endpoint reports it. {@code status} is the registry's, except
 * that an entry claiming to run whose process is gone is {@code crashed}; {@code running} is
 * true only for a live, verified process.
 */
@RegisterForReflection
public record OrchestratorRef(
        String id,
        Long pid,
        String status,
        boolean running,
        String startedAt,
        String lastHeartbeat,
        String mode) {
}
