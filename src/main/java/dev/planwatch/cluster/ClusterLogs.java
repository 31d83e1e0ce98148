package dev.planwatch.cluster;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The orchestrator container's output, from the pods/log API: what is left of a run once its sidecar is gone. */
@ApplicationScoped
public class ClusterLogs {

    static final int MAX_LINES = 10_000;

    private final ClusterRuns runs;

    public ClusterLogs(ClusterRuns runs) {
        this.runs = runs;
    }

    /** @param lines the run's last lines, oldest first */
    @RegisterForReflection
    public record PodLog(String id, String pod, String container, List<String> lines) {
    }

    /** The orchestrator container's whole output as the pods/log API serves it, from its first byte. */
    InputStream stream(ClusterRun run) throws IOException {
        return KubernetesCalls.read(() -> runs.client().pods().inNamespace(runs.namespace()).withName(run.pod())
                .inContainer(PlanJobs.ORCHESTRATOR).getLogInputStream());
    }

    PodLog tail(ClusterRun run, int lines) {
        if (run.pod() == null) {
            throw new ApiException(ErrorCode.LOGS_NOT_FOUND, "Run " + run.id() + " has no pod (yet, or any more)",
                    Map.of("id", run.id()));
        }
        String log = KubernetesCalls.call(() -> runs.client().pods().inNamespace(runs.namespace()).withName(run.pod())
                .inContainer(PlanJobs.ORCHESTRATOR).tailingLines(lines).getLog(), (status, message) -> status == 404
                ? new ApiException(ErrorCode.LOGS_NOT_FOUND, "The pod of run " + run.id() + " is gone, and its log with it",
                        Map.of("id", run.id()))
                : new ApiException(ErrorCode.CLUSTER_UNAVAILABLE, "The Kubernetes API did not serve the log of run " + run.id()
                        + ": " + message, Map.of("id", run.id())));
        return new PodLog(run.id(), run.pod(), PlanJobs.ORCHESTRATOR, log == null || log.isEmpty() ? List.of() : log.lines().toList());
    }
}
