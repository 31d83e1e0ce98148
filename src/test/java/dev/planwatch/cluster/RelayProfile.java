package dev.planwatch.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/** The hub of {@link ClusterProfile} whose runs' sidecars listen on a fixed port of 127.0.0.1, where the test serves one. */
public class RelayProfile implements QuarkusTestProfile {

    static final int PORT = 38313;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new ClusterProfile().getConfigOverrides());
        overrides.put("planwatch.kubernetes.sidecar-port", Integer.toString(PORT));
        // A connection that misses three heartbeats (6 s) is dead to the relay.
        overrides.put("planwatch.live.heartbeat", "2s");
        return overrides;
    }
}
