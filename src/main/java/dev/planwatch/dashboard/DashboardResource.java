package dev.planwatch.dashboard;

import dev.planwatch.api.Envelope;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.api.JsonResponses;
import dev.planwatch.api.QueryValues;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.workspace.Names;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

/**
 * What the Next.js dashboard polls: its summary card and its activity feed. Counts come from
 * memory; the events shown may need their plans' full records read, so both run on worker threads.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard")
public class DashboardResource {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final DashboardService dashboard;
    private final PlanCatalog catalog;
    private final JsonResponses responses;

    public DashboardResource(DashboardService dashboard, PlanCatalog catalog, JsonResponses responses) {
        this.dashboard = dashboard;
        this.catalog = catalog;
        this.responses = responses;
    }

    @GET
    @Path("dashboard/settings")
    @NonBlocking
    @Operation(summary = "Whether controls are allowed (mode control or observe) and which workspace is served")
    public Envelope<DashboardResponses.Settings> settings() {
        return Envelope.of(dashboard.settings());
    }

    @GET
    @Path("dashboard/summary")
    @Operation(summary = "Plan, task and orchestrator counts with the ten newest task events")
    public Envelope<DashboardResponses.Summary> summary() {
        return Envelope.of(dashboard.summary(catalog.snapshot()));
    }

    @GET
    @Path("activity")
    @Operation(summary = "Task events of every plan (or of ?plan= / ?orchestratorId=), newest first, paginated")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.ORCHESTRATOR_NOT_FOUND})
    @APIResponse(responseCode = "200", description = "One page of the activity feed, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DashboardResponses.ActivityReply.class)))
    public Response activity(@QueryParam("page") List<String> page, @QueryParam("pageSize") List<String> pageSize,
                             @QueryParam("plan") List<String> plan, @QueryParam("orchestratorId") List<String> orchestratorId,
                             @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        int pageNumber = QueryValues.boundedInt("page", QueryValues.single("page", page).orElse(null), 1, 1, 1_000_000);
        int size = QueryValues.boundedInt("pageSize", QueryValues.single("pageSize", pageSize).orElse(null),
                DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        Optional<String> planName = QueryValues.single("plan", plan).filter(p -> !p.isEmpty());
        planName.ifPresent(Names::requirePlanName);
        Optional<String> orchestrator = QueryValues.single("orchestratorId", orchestratorId).filter(o -> !o.isEmpty());
        orchestrator.ifPresent(Names::requireOrchestratorId);
        // A page is merged from the plans' digests on each request, so no query can grow memory.
        CatalogSnapshot snapshot = catalog.snapshot();
        return responses.ok(responses.render(new DashboardResponses.ActivityReply(true, dashboard.activity(snapshot, pageNumber, size, planName, orchestrator))), ifNoneMatch);
    }
}
