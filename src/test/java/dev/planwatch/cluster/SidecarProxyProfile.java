package dev.planwatch.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * A hub whose pods' sidecar is this very planwatch: on a fixed port, which the runs' pods (IP
 * 127.0.0.1) name as the sidecar's. Its workspace is the pod's checkout, where the test runs the
 * orchestrator as the pod's main container would.
 */
public class SidecarProxyProfile implements QuarkusTestProfile {

    static final int PORT = 38297;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new ClusterProfile().getConfigOverrides());
        overrides.put("quarkus.http.test-port", Integer.toString(PORT));
        overrides.put("planwatch.kubernetes.sidecar-port", Integer.toString(PORT));
        return overrides;
    }
}
