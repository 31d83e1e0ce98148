package dev.planwatch.orchestrator;

import java.util.List;

/** {@code POST /api/plans/{name}/start}: {@code mode} batch|continuous, {@code tasks} to run, {@code autonomous}. */
public record StartRequest(String mode, List<String> tasks, Boolean autonomous) {

    public static final StartRequest DEFAULTS = new StartRequest(null, null, null);
}
