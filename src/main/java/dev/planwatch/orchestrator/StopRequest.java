package dev.planwatch.orchestrator;

/** {@code POST /api/plans/{name}/stop}: {@code force} (SIGKILL at once), {@code timeout} seconds before SIGKILL. */
public record StopRequest(Boolean force, Integer timeout) {

    public static final StopRequest DEFAULTS = new StopRequest(null, null);
}
