package dev.planwatch.security;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Observe mode, so fuzzed start requests that parse cannot spawn processes; bodies are still parsed first. */
public class FuzzProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("planwatch.orchestrator.mode", "observe");
    }
}
