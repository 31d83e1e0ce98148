package dev.planwatch.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * This planwatch is the hub: starts create Jobs in namespace {@code plans} of the test API server.
 * Nothing listens at the sidecar port on the pods' IP (127.0.0.1): a sidecar is unreachable.
 */
public class ClusterProfile implements QuarkusTestProfile {

    static final String NAMESPACE = "plans";
    static final String REPOSITORY = "https://git.example/team/repo.git";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "planwatch.orchestrator.launcher", "kubernetes",
                "planwatch.kubernetes.namespace", NAMESPACE,
                "planwatch.kubernetes.repository", REPOSITORY,
                "planwatch.kubernetes.planwatch-image", "registry.example/planwatch:1.0",
                "planwatch.kubernetes.sidecar-port", "1");
    }
}
