package dev.planwatch.orchestrator;

import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.workspace.Names;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Starting and stopping a plan's orchestrator. Bodies must be JSON (an empty body means defaults). */
@Path("/api/plans/{name}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "control")
public class ControlResource {

    private final OrchestratorService orchestrators;

    public ControlResource(OrchestratorService orchestrators) {
        this.orchestrators = orchestrators;
    }

    @POST
    @Path("start")
    @Operation(summary = "Start the plan's orchestrator; answers once it is confirmed up")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.ALREADY_RUNNING, ErrorCode.WORKSPACE_BUSY,
            ErrorCode.CONTROL_DISABLED, ErrorCode.START_FAILED, ErrorCode.SHUTTING_DOWN, ErrorCode.CLUSTER_NOT_CONFIGURED,
            ErrorCode.CLUSTER_UNAVAILABLE})
    public ControlResponses.StartResponse start(@PathParam("name") String name, StartRequest body) {
        Names.requirePlanName(name);
        return orchestrators.startPlan(name, body == null ? StartRequest.DEFAULTS : body);
    }

    @POST
    @Path("tasks/{taskId}/skip")
    @Operation(summary = "Skip a pending or failed task: status.json changed under the status tools' lock")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.TASK_NOT_FOUND, ErrorCode.TASK_NOT_SKIPPABLE,
            ErrorCode.NOT_RUNNING, ErrorCode.ORCHESTRATOR_UNREACHABLE, ErrorCode.CONTROL_DISABLED, ErrorCode.STATUS_LOCKED,
            ErrorCode.STATUS_TOO_LARGE, ErrorCode.STATUS_UNUSABLE, ErrorCode.STATUS_MOVED})
    public ControlResponses.TaskActionResponse skip(@PathParam("name") String name, @PathParam("taskId") String taskId, SkipRequest body) {
        Names.requirePlanName(name);
        Names.requireTaskId(taskId);
        return orchestrators.skipInPlan(name, taskId, body == null ? SkipRequest.DEFAULTS : body);
    }

    @POST
    @Path("tasks/{taskId}/retry")
    @Operation(summary = "Reset a failed or skipped task to pending (at most two retries): status.json changed under the status tools' lock")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.TASK_NOT_FOUND, ErrorCode.TASK_NOT_RETRYABLE,
            ErrorCode.NOT_RUNNING, ErrorCode.ORCHESTRATOR_UNREACHABLE, ErrorCode.CONTROL_DISABLED, ErrorCode.STATUS_LOCKED,
            ErrorCode.STATUS_TOO_LARGE, ErrorCode.STATUS_UNUSABLE, ErrorCode.STATUS_MOVED})
    public ControlResponses.TaskActionResponse retry(@PathParam("name") String name, @PathParam("taskId") String taskId) {
        Names.requirePlanName(name);
        Names.requireTaskId(taskId);
        return orchestrators.retryInPlan(name, taskId);
    }

    @POST
    @Path("stop")
    @Operation(summary = "Stop the plan's orchestrator; answers once it has exited")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.NOT_RUNNING, ErrorCode.CONTROL_DISABLED, ErrorCode.STOP_FAILED,
            ErrorCode.ORCHESTRATOR_UNREACHABLE, ErrorCode.CLUSTER_UNAVAILABLE})
    public ControlResponses.StopResponse stop(@PathParam("name") String name, StopRequest body) {
        Names.requirePlanName(name);
        return orchestrators.stopPlan(name, body == null ? StopRequest.DEFAULTS : body);
    }
}
