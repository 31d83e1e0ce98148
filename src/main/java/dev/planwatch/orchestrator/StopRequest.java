package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /api/plans/{name}/stop}: {@code force} (SIGKILL at once), {@code timeout} seconds before SIGKILL. */
@RegisterForReflection
public record StopRequest(Boolean force, Integer timeout) {

    public static final StopRequest DEFAULTS = new StopRequest(null, null);
}
