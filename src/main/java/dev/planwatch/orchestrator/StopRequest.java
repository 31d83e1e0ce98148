package dev.planwatch.orchestrator;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/plans/{name}/stop}: {@code force} (SIGKILL at once), {@code timeout} seconds before
 * SIGKILL, from 1 to {@code planwatch.orchestrator.max-stop-timeout} ({@link ControlLimits#stopTimeout()}).
 */
@RegisterForReflection
public record StopRequest(Boolean force, @Schema(minimum = "1") Integer timeout) {

    public static final StopRequest DEFAULTS = new StopRequest(null, null);
    /** The timeout of a stop that names none, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
}
