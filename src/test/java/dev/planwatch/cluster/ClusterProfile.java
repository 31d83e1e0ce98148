package dev.planwatch.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * This planwatch is the hub: starts create Jobs in namespace {@code plans} of the test API server.
 * Nothing listens at the sidecar port on the pods' IP (127.0.0.1): a sidecar is unreachable.
 */
public class ClusterProfile implements QuarkusTestProfile {

    static final String NAMESPACE = "plans";
    static final String REPOSITORY = "https://git.example/team/repo.git";
    static final Path STATE_DIR = temporaryDirectory();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("planwatch-hub-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "planwatch.orchestrator.launcher", "kubernetes",
                // The hub's mirror of its runs, in a state directory of the test's own, not the user's.
                "planwatch.state-dir", STATE_DIR.toString(),
                "planwatch.kubernetes.namespace", NAMESPACE,
                "planwatch.kubernetes.repository", REPOSITORY,
                "planwatch.kubernetes.planwatch-image", "registry.example/planwatch:1.0",
                "planwatch.kubernetes.sidecar-port", "1");
    }
}
