package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /api/orchestrators}, as the dashboard's start dialog sends it: the plan by name or by
 * its markdown path, and the start options.
 */
@RegisterForReflection
public record OrchestratorStartRequest(String plan, String planPath, StartRequest config) {
}
