package dev.planwatch.orchestrator;

import dev.planwatch.api.Envelope;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.workspace.Names;
import dev.planwatch.worktrees.PlanWorktrees;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Creating and removing a plan's worktree without starting it: control, so refused in observe
 * mode as every start and stop. {@code name} is the plan's name (its worktree is {@code plan-<name>}).
 */
@Path("/api/worktrees/{name}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "worktrees")
public class WorktreeControlResource {

    private final ControlMode controlMode;
    private final PlanWorktrees worktrees;

    public WorktreeControlResource(ControlMode controlMode, PlanWorktrees worktrees) {
        this.controlMode = controlMode;
        this.worktrees = worktrees;
    }

    @POST
    @Operation(summary = "Create the plan's worktree (worktrees/plan-<name> on plan/<name>) with its pointer and status, without starting it")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.WORKTREE_EXISTS, ErrorCode.WORKTREE_NOT_FOUND,
            ErrorCode.RESOURCE_EXHAUSTED, ErrorCode.INSUFFICIENT_DISK, ErrorCode.CONTROL_DISABLED})
    public Envelope<PlanWorktrees.Prepared> create(@PathParam("name") String name, WorktreeRequest body) {
        Names.requirePlanName(name);
        controlMode.require();
        boolean attach = body != null && Boolean.TRUE.equals(body.attach());
        return Envelope.of(worktrees.create(name, attach));
    }

    @DELETE
    @Operation(summary = "Remove the plan's worktree (git worktree remove, prune); the branch is kept unless merged")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.WORKTREE_NOT_FOUND, ErrorCode.WORKTREE_BUSY, ErrorCode.WORKTREE_DIRTY,
            ErrorCode.WORKTREE_UNMERGED, ErrorCode.CONTROL_DISABLED})
    public Envelope<PlanWorktrees.Removed> remove(@PathParam("name") String name, @QueryParam("force") String force) {
        Names.requirePlanName(name);
        controlMode.require();
        return Envelope.of(worktrees.remove(name, "true".equals(force)));
    }
}
