package dev.planwatch.orchestrator;

import dev.planwatch.api.Envelope;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.plans.catalog.TaskView;
import dev.planwatch.workspace.Names;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Registry entries with liveness, plan progress and paused state; commands over the orchestrator's IPC socket. */
@Path("/api/orchestrators")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "orchestrators")
public class OrchestratorsResource {

    private final OrchestratorService orchestrators;

    public OrchestratorsResource(OrchestratorService orchestrators) {
        this.orchestrators = orchestrators;
    }

    @GET
    @Operation(summary = "Every registry entry, newest first")
    public Envelope<List<ControlResponses.OrchestratorInfo>> list() {
        return Envelope.of(orchestrators.list());
    }

    /**
     * The dashboard's start dialog: {@code {planPath | plan, config:{mode, tasks, autonomous, batchSize,
     * maxIterations, timeout}}}; the same start as {@code POST /api/plans/{name}/start}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an orchestrator for the plan named by plan or planPath (the dashboard's start dialog)")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.ALREADY_RUNNING, ErrorCode.WORKSPACE_BUSY,
            ErrorCode.CONTROL_DISABLED, ErrorCode.START_FAILED, ErrorCode.SHUTTING_DOWN})
    public ControlResponses.StartResponse start(OrchestratorStartRequest body) {
        return orchestrators.start(body);
    }

    @GET
    @Path("{id}/tasks")
    @Operation(summary = "The tasks of the orchestrator's plan")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND, ErrorCode.PLAN_NOT_FOUND})
    public Envelope<List<TaskView>> tasks(@PathParam("id") String id) {
        return Envelope.of(orchestrators.tasks(Names.requireOrchestratorId(id)));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One registry entry")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND})
    public Envelope<ControlResponses.OrchestratorInfo> get(@PathParam("id") String id) {
        return Envelope.of(orchestrators.get(Names.requireOrchestratorId(id)));
    }

    @POST
    @Path("{id}/tasks/{taskId}/skip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Skip a pending or failed task of the orchestrator's plan")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND, ErrorCode.PLAN_NOT_FOUND,
            ErrorCode.TASK_NOT_FOUND, ErrorCode.TASK_NOT_SKIPPABLE, ErrorCode.NOT_RUNNING, ErrorCode.ORCHESTRATOR_UNREACHABLE,
            ErrorCode.CONTROL_DISABLED, ErrorCode.STATUS_LOCKED, ErrorCode.STATUS_TOO_LARGE, ErrorCode.STATUS_UNUSABLE,
            ErrorCode.STATUS_MOVED})
    public ControlResponses.TaskActionResponse skip(@PathParam("id") String id, @PathParam("taskId") String taskId, SkipRequest body) {
        Names.requireTaskId(taskId);
        return orchestrators.skip(Names.requireOrchestratorId(id), taskId, body == null ? SkipRequest.DEFAULTS : body);
    }

    @POST
    @Path("{id}/tasks/{taskId}/retry")
    @Operation(summary = "Reset a failed or skipped task of the orchestrator's plan to pending")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND, ErrorCode.PLAN_NOT_FOUND,
            ErrorCode.TASK_NOT_FOUND, ErrorCode.TASK_NOT_RETRYABLE, ErrorCode.NOT_RUNNING, ErrorCode.ORCHESTRATOR_UNREACHABLE,
            ErrorCode.CONTROL_DISABLED, ErrorCode.STATUS_LOCKED, ErrorCode.STATUS_TOO_LARGE, ErrorCode.STATUS_UNUSABLE,
            ErrorCode.STATUS_MOVED})
    public ControlResponses.TaskActionResponse retry(@PathParam("id") String id, @PathParam("taskId") String taskId) {
        Names.requireTaskId(taskId);
        return orchestrators.retry(Names.requireOrchestratorId(id), taskId);
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Pause between tasks (IPC pause)")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND, ErrorCode.ORCHESTRATOR_UNREACHABLE,
            ErrorCode.CONTROL_DISABLED})
    public ControlResponses.CommandResponse pause(@PathParam("id") String id) {
        return orchestrators.command(Names.requireOrchestratorId(id), "pause");
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume (IPC resume)")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND, ErrorCode.ORCHESTRATOR_UNREACHABLE,
            ErrorCode.CONTROL_DISABLED})
    public ControlResponses.CommandResponse resume(@PathParam("id") String id) {
        return orchestrators.command(Names.requireOrchestratorId(id), "resume");
    }

    @POST
    @Path("{id}/stop")
    @Operation(summary = "Ask for a graceful shutdown after the current task (IPC shutdown); for an orchestrator whose"
            + " registered process is gone, end the processes it left")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.ORCHESTRATOR_NOT_FOUND, ErrorCode.ORCHESTRATOR_UNREACHABLE,
            ErrorCode.CONTROL_DISABLED, ErrorCode.NOT_RUNNING, ErrorCode.STOP_FAILED})
    public ControlResponses.CommandResponse stop(@PathParam("id") String id) {
        return orchestrators.shutdown(Names.requireOrchestratorId(id));
    }
}
