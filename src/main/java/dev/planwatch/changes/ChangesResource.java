package dev.planwatch.changes;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.Envelope;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.api.QueryValues;
import dev.planwatch.workspace.Names;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** What a plan's branch changed, and one file's diff. Blocking (git runs), so on worker threads. */
@Path("/api/plans/{name}/changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes")
public class ChangesResource {

    /** Longer paths than this are refused before they are looked up (git's own limit is the file system's, 4 KiB). */
    private static final int MAX_PATH_LENGTH = 4096;

    private final BranchChanges changes;

    public ChangesResource(BranchChanges changes) {
        this.changes = changes;
    }

    @GET
    @Operation(summary = "What the plan's branch changed since it left the main branch: commits, files with +/-, and its worktree's uncommitted work")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.NO_BRANCH, ErrorCode.GIT_UNAVAILABLE})
    public Envelope<ChangesResponses.PlanChanges> planChanges(@PathParam("name") String name) {
        return Envelope.of(changes.changes(Names.requirePlanName(name)));
    }

    @GET
    @Path("diff")
    @Operation(summary = "The unified diff of one file the plan changed (cut at 256 KiB; a binary file is named, not shown)")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.NO_BRANCH, ErrorCode.FILE_NOT_CHANGED,
            ErrorCode.GIT_UNAVAILABLE})
    public Envelope<ChangesResponses.FileDiff> fileDiff(
            @PathParam("name") String name,
            @Parameter(description = "a path the plan's changes list (the new path of a renamed file)") @QueryParam("path") List<String> path,
            @Parameter(description = "true: a file of the worktree's uncommitted changes") @QueryParam("uncommitted") List<String> uncommitted) {
        Names.requirePlanName(name);
        String file = QueryValues.single("path", path).filter(p -> !p.isEmpty())
                .orElseThrow(() -> ApiException.invalid("path is required", "path"));
        if (file.length() > MAX_PATH_LENGTH || file.indexOf('\0') >= 0) {
            throw ApiException.invalid("path is not a file path", "path");
        }
        String fromWorktree = QueryValues.single("uncommitted", uncommitted).orElse("false");
        if (!fromWorktree.equals("true") && !fromWorktree.equals("false")) {
            throw ApiException.invalid("uncommitted must be true or false", "uncommitted");
        }
        return Envelope.of(changes.fileDiff(name, file, fromWorktree.equals("true")));
    }
}
