package dev.planwatch.plans;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.api.JsonResponses;
import dev.planwatch.api.QueryValues;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.workspace.Names;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * Plan reads. The list comes from the in-memory snapshot (on the event loop, rendered once per
 * snapshot); detail, status, tasks and history too when the plan's full records are in memory,
 * else they are read on a worker thread; findings read files (worker threads).
 */
@Path("/api/plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "plans")
public class PlansResource {

    private final PlanService plans;
    private final FindingsService findings;
    private final StatusFileSource statusFiles;
    private final JsonResponses responses;

    public PlansResource(PlanService plans, FindingsService findings, StatusFileSource statusFiles, JsonResponses responses) {
        this.plans = plans;
        this.findings = findings;
        this.statusFiles = statusFiles;
        this.responses = responses;
    }

    @GET
    @NonBlocking
    @Operation(summary = "All plans with progress, orchestrator and worktree; ?status= and ?worktree=true|false filter")
    @APIResponse(responseCode = "200", description = "The plans (no tasks), and counts over them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponses.PlanList.class)))
    @ErrorCodes(ErrorCode.INVALID_REQUEST)
    public Response list(@QueryParam("status") List<String> status, @QueryParam("worktree") List<String> worktree,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Optional<String> statusFilter = QueryValues.single("status", status);
        statusFilter.ifPresent(s -> {
            if (!PlanService.PLAN_STATUSES.contains(s)) {
                throw ApiException.invalid("status must be one of " + PlanService.PLAN_STATUSES, "status");
            }
        });
        Optional<Boolean> worktreeFilter = QueryValues.single("worktree", worktree).map(w -> switch (w) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid("worktree must be true or false", "worktree");
        });
        CatalogSnapshot snapshot = plans.snapshot();
        String key = "list:" + statusFilter.orElse("") + ":" + worktreeFilter.map(String::valueOf).orElse("");
        return responses.ok(memoRendered(snapshot, key, () -> plans.list(snapshot, statusFilter, worktreeFilter)), ifNoneMatch);
    }

    @GET
    @Path("{name}")
    @NonBlocking
    @Operation(summary = "One plan: progress, phases, current task, recent activity")
    @APIResponse(responseCode = "200", description = "The plan, each phase with its tasks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponses.DetailReply.class)))
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND})
    public Uni<Response> detail(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return planView("detail", name, ifNoneMatch, plans::detail);
    }

    @GET
    @Path("{name}/status")
    @NonBlocking
    @Operation(summary = "A plan's status page: counts, phases with their timing, tasks, current task and orchestrator")
    @APIResponse(responseCode = "200", description = "The plan's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponses.StatusReply.class)))
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND})
    public Uni<Response> status(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return planView("status", name, ifNoneMatch, plans::status);
    }

    @GET
    @Path("{name}/status-file")
    @Operation(summary = "A plan's status.json byte for byte, as the orchestrator wrote it (what a hub mirrors from a run's sidecar)")
    @APIResponse(responseCode = "200", description = "The file's bytes, with the ETag of those bytes (If-None-Match: 304)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.STATUS_NOT_FOUND, ErrorCode.STATUS_TOO_LARGE})
    public Response statusFile(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Names.requirePlanName(name);
        return responses.ok(responses.raw(statusFiles.read(name)), ifNoneMatch);
    }

    @GET
    @Path("{name}/tasks")
    @NonBlocking
    @Operation(summary = "A plan's tasks as status.json has them (status normalised)")
    @APIResponse(responseCode = "200", description = "The tasks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponses.TasksReply.class)))
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND})
    public Uni<Response> tasks(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return planView("tasks", name, ifNoneMatch, plans::tasks);
    }

    @GET
    @Path("{name}/history")
    @NonBlocking
    @Operation(summary = "A plan's runs, normalised")
    @APIResponse(responseCode = "200", description = "The runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponses.HistoryReply.class)))
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND})
    public Uni<Response> history(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return planView("history", name, ifNoneMatch, plans::history);
    }

    @GET
    @Path("{name}/findings")
    @Operation(summary = "A plan's findings files, sorted by name")
    @APIResponse(responseCode = "200", description = "The findings",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponses.FindingsReply.class)))
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND})
    public Response findingsList(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Names.requirePlanName(name);
        PlanView plan = plans.require(plans.snapshot(), name);
        return responses.ok(new PlanResponses.FindingsReply(true, findings.list(plan)), ifNoneMatch);
    }

    @GET
    @Path("{name}/findings/{taskId}")
    @Operation(summary = "The finding of one task, resolved over the real naming patterns")
    @APIResponse(responseCode = "200", description = "The finding's Markdown",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponses.FindingReply.class)))
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND, ErrorCode.FINDING_NOT_FOUND})
    public Response finding(@PathParam("name") String name, @PathParam("taskId") String taskId,
                            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Names.requirePlanName(name);
        Names.requireTaskId(taskId);
        PlanView plan = plans.require(plans.snapshot(), name);
        return responses.ok(new PlanResponses.FindingReply(true, findings.read(plan, taskId)), ifNoneMatch);
    }

    /**
     * A per-plan view of the current snapshot, rendered once per snapshot and answered with its
     * ETag. Rendered on the event loop when it needs no disk read (already rendered, or the
     * plan's records in memory) and the plan's status.json is small, else on a worker thread; a big
     * one's rendering waits its turn at the gate of big files, so concurrent requests for it never
     * hold more than one rendering at once.
     */
    private Uni<Response> planView(String kind, String name, String ifNoneMatch, BiFunction<CatalogSnapshot, String, Object> view) {
        Names.requirePlanName(name);
        CatalogSnapshot snapshot = plans.snapshot();
        String key = kind + ":" + name;
        Function<JsonResponses.Rendered, Response> answer = responses.answering(ifNoneMatch);
        Supplier<JsonResponses.Rendered> rendered = () -> memoRendered(snapshot, key, () -> view.apply(snapshot, name));
        if (snapshot.memoized(key) || (plans.recordsInMemory(snapshot, name) && !plans.largeStatus(snapshot, name))) {
            return Uni.createFrom().item(() -> answer.apply(rendered.get()));
        }
        return Uni.createFrom().item(() -> answer.apply(plans.gated(snapshot, name, rendered)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The rendering of {@code body}, memoised in {@code snapshot} under {@code key} and counted by its bytes. */
    private JsonResponses.Rendered memoRendered(CatalogSnapshot snapshot, String key, Supplier<Object> body) {
        return snapshot.memo(key, () -> responses.render(body.get()), rendered -> rendered.body().length);
    }
}
