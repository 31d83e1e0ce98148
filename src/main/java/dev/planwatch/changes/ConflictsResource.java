package dev.planwatch.changes;

import dev.planwatch.api.Envelope;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where plan branches collide. Blocking (git runs), so on worker threads. When git cannot read the
 * branches the report is empty with a warning saying why, as {@code /api/worktrees} does.
 */
@Path("/api/worktrees/conflicts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes")
public class ConflictsResource {

    private final ConflictReports conflicts;

    public ConflictsResource(ConflictReports conflicts) {
        this.conflicts = conflicts;
    }

    @GET
    @Operation(summary = "Files plan branches share, a dry-run merge of every pair and of each with the main branch, and a merge order")
    public Envelope<ChangesResponses.ConflictReport> conflicts() {
        return Envelope.of(conflicts.report());
    }
}
