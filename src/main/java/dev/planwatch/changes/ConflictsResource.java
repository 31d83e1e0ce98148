package dev.planwatch.changes;

import dev.planwatch.api.JsonResponses;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where plan branches collide. Blocking (git runs), so on worker threads. When git cannot read the
 * branches the report is empty with a warning saying why, as {@code /api/worktrees} does. A report
 * is rendered once and served with its ETag until it changes.
 */
@Path("/api/worktrees/conflicts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes")
public class ConflictsResource {

    private final ConflictReports conflicts;
    private final JsonResponses responses;
    private volatile Memo memo;

    private record Memo(ChangesResponses.ConflictReport report, JsonResponses.Rendered rendered) {
    }

    public ConflictsResource(ConflictReports conflicts, JsonResponses responses) {
        this.conflicts = conflicts;
        this.responses = responses;
    }

    @GET
    @Operation(summary = "Files plan branches share, a dry-run merge of every pair and of each with the main branch, and a merge order")
    @APIResponse(responseCode = "200", description = "The conflict report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangesResponses.ConflictsReply.class)))
    public Response conflicts(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ChangesResponses.ConflictReport report = conflicts.report();
        Memo known = memo;
        if (known == null || known.report() != report) {
            known = new Memo(report, responses.render(new ChangesResponses.ConflictsReply(true, report)));
            memo = known;
        }
        return responses.ok(known.rendered(), ifNoneMatch);
    }
}
