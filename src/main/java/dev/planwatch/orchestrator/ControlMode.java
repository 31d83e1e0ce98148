package dev.planwatch.orchestrator;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Whether this planwatch may change anything: every start, stop, command and task action asks it first. */
@ApplicationScoped
public class ControlMode {

    private final PlanwatchConfig.Mode mode;

    public ControlMode(PlanwatchConfig config) {
        this.mode = config.orchestrator().mode();
    }

    /** Refuses with 409 {@code CONTROL_DISABLED} in observe mode. */
    public void require() {
        if (mode != PlanwatchConfig.Mode.control) {
            throw new ApiException(ErrorCode.CONTROL_DISABLED,
                    "Orchestrator control is disabled: planwatch runs in observe mode", Map.of("mode", mode.name()));
        }
    }
}
