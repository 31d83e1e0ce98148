package dev.planwatch.orchestrator;

import dev.planwatch.api.ApiErrors;
import dev.planwatch.workspace.Names;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
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
    @Extension(name = ApiErrors.EXTENSION, value = "INVALID_REQUEST,PLAN_NOT_FOUND,ALREADY_RUNNING,WORKSPACE_BUSY,CONTROL_DISABLED,START_FAILED,SHUTTING_DOWN,CLUSTER_NOT_CONFIGURED,CLUSTER_UNAVAILABLE")
    public ControlResponses.StartResponse start(@PathParam("name") String name, StartRequest body) {
        Names.requirePlanName(name);
        return orchestrators.startPlan(name, body == null ? StartRequest.DEFAULTS : body);
    }

    @POST
    @Path("tasks/{taskId}/skip")
    @Operation(summary = "Skip a pending or failed task: status.json changed under the status tools' lock")
    @Extension(name = ApiErrors.EXTENSION, value = "INVALID_REQUEST,PLAN_NOT_FOUND,TASK_NOT_FOUND,TASK_NOT_SKIPPABLE,CONTROL_DISABLED,STATUS_LOCKED,STATUS_TOO_LARGE,STATUS_UNUSABLE,STATUS_MOVED")
    public ControlResponses.TaskActionResponse skip(@PathParam("name") String name, @PathParam("taskId") String taskId, SkipRequest body) {
        Names.requirePlanName(name);
        Names.requireTaskId(taskId);
        return orchestrators.skipInPlan(name, taskId, body == null ? SkipRequest.DEFAULTS : body);
    }

    @POST
    @Path("tasks/{taskId}/retry")
    @Operation(summary = "Reset a failed or skipped task to pending (at most two retries): status.json changed under the status tools' lock")
    @Extension(name = ApiErrors.EXTENSION, value = "INVALID_REQUEST,PLAN_NOT_FOUND,TASK_NOT_FOUND,TASK_NOT_RETRYABLE,CONTROL_DISABLED,STATUS_LOCKED,STATUS_TOO_LARGE,STATUS_UNUSABLE,STATUS_MOVED")
    public ControlResponses.TaskActionResponse retry(@PathParam("name") String name, @PathParam("taskId") String taskId) {
        Names.requirePlanName(name);
        Names.requireTaskId(taskId);
        return orchestrators.retryInPlan(name, taskId);
    }

    @POST
    @Path("stop")
    @Operation(summary = "Stop the plan's orchestrator; answers once it has exited")
    @Extension(name = ApiErrors.EXTENSION, value = "INVALID_REQUEST,NOT_RUNNING,CONTROL_DISABLED,STOP_FAILED,ORCHESTRATOR_UNREACHABLE,CLUSTER_UNAVAILABLE")
    public ControlResponses.StopResponse stop(@PathParam("name") String name, StopRequest body) {
        Names.requirePlanName(name);
        return orchestrators.stopPlan(name, body == null ? StopRequest.DEFAULTS : body);
    }
}
