package dev.planwatch.worktrees;

import dev.planwatch.api.CompatibleEnvelope;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Worktrees and the limits on new ones. Blocking (git runs), so on worker threads. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "worktrees")
public class WorktreesResource {

    private final WorktreeReports reports;

    public WorktreesResource(WorktreeReports reports) {
        this.reports = reports;
    }

    @GET
    @Path("worktrees")
    @Operation(summary = "Plan worktrees with their age from the last commit, stale and abandoned")
    public CompatibleEnvelope<WorktreeResponses.WorktreeList> worktrees() {
        return CompatibleEnvelope.of(reports.worktrees());
    }

    @GET
    @Path("resources")
    @Operation(summary = "Worktree limit, free disk space, stale and abandoned worktrees, warnings")
    public CompatibleEnvelope<WorktreeResponses.Resources> resources() {
        return CompatibleEnvelope.of(reports.resources());
    }
}
