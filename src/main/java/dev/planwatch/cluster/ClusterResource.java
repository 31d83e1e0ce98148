package dev.planwatch.cluster;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.Envelope;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.workspace.Names;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** The plan runs in the cluster (launcher {@code kubernetes}): their states, and the logs of those whose sidecar is gone. */
@Path("/api/cluster")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cluster")
public class ClusterResource {

    private final ClusterRuns runs;
    private final ClusterLogs logs;

    public ClusterResource(ClusterRuns runs, ClusterLogs logs) {
        this.runs = runs;
        this.logs = logs;
    }

    @GET
    @Path("runs")
    @Operation(summary = "Every plan run in the cluster, newest first, with its state and the reason of a failure")
    public Envelope<List<ClusterRun>> list() {
        return Envelope.of(runs.list());
    }

    @GET
    @Path("runs/{id}")
    @Operation(summary = "One plan run in the cluster")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND})
    public Envelope<ClusterRun> get(@PathParam("id") String id) {
        return Envelope.of(require(id));
    }

    @GET
    @Path("runs/{id}/log")
    @Operation(summary = "The orchestrator container's output from the pods/log API (for a run whose sidecar is gone)")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND, ErrorCode.LOGS_NOT_FOUND,
            ErrorCode.CLUSTER_UNAVAILABLE})
    public Envelope<ClusterLogs.PodLog> log(@PathParam("id") String id, @QueryParam("lines") @DefaultValue("100") int lines) {
        if (lines < 1 || lines > ClusterLogs.MAX_LINES) {
            throw ApiException.invalid("lines must be from 1 to " + ClusterLogs.MAX_LINES, "lines");
        }
        return Envelope.of(logs.tail(require(id), lines));
    }

    private ClusterRun require(String id) {
        return runs.byId(Names.requireOrchestratorId(id)).orElseThrow(() -> new ApiException(ErrorCode.ORCHESTRATOR_NOT_FOUND,
                "No plan run " + id + " in the cluster", Map.of("id", id)));
    }
}
