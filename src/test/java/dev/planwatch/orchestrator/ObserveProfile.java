package dev.planwatch.orchestrator;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A sidecar that cannot see the orchestrator's processes. */
public class ObserveProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("planwatch.orchestrator.mode", "observe");
    }
}
