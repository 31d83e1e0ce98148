package dev.planwatch.dashboard;

import dev.planwatch.orchestrator.ControlLimits;
import dev.planwatch.plans.ActivityItem;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The dashboard's shapes: its summary card and its paginated activity feed. */
public final class DashboardResponses {

    private DashboardResponses() {
    }

    /** @param active plans in progress or with a running orchestrator */
    @RegisterForReflection
    public record PlanCounts(int total, int active, int completed, int pending, int failed) {
    }

    @RegisterForReflection
    public record TaskCounts(int total, int completed, int pending, int failed, int inProgress, int skipped,
                             int completedToday) {
    }

    @RegisterForReflection
    public record OrchestratorCounts(long running, int total) {
    }

    @RegisterForReflection
    @Schema(name = "DashboardSummary")
    public record Summary(PlanCounts plans, TaskCounts tasks, OrchestratorCounts orchestrators,
                          List<ActivityItem> recentActivity, String timestamp) {
    }

    /** The dashboard's {@code PaginatedResponse}. */
    @RegisterForReflection
    public record ActivityPage(List<ActivityItem> items, int total, int page, int pageSize,
                               @JsonProperty("hasMore") boolean hasMore) {
    }

    /**
     * What a page needs to know of this planwatch: whether controls are allowed ({@code control})
     * or refused ({@code observe}), which workspace it serves, and the bounds of the control
     * requests, which the page's inputs take so that they accept exactly what the server does.
     */
    @RegisterForReflection
    public record Settings(String mode, String workspace, String workspaceName, ControlLimits limits) {
    }

    /** {@code GET /api/activity}. */
    @RegisterForReflection
    public record ActivityReply(boolean success, ActivityPage data) {
    }
}
