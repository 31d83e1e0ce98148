package dev.planwatch.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/** A hub whose pods' sidecar (IP 127.0.0.1) is the test's own fake, on a fixed port. */
public class FakeSidecarProfile implements QuarkusTestProfile {

    static final int SIDECAR_PORT = 38299;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new ClusterProfile().getConfigOverrides());
        overrides.put("planwatch.kubernetes.sidecar-port", Integer.toString(SIDECAR_PORT));
        return overrides;
    }
}
