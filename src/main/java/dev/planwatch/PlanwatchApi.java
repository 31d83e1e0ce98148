package dev.planwatch;

import dev.planwatch.api.ErrorBody;
import dev.planwatch.live.LiveMessages;
import dev.planwatch.logs.LogFollowers;
import dev.planwatch.notify.Delivery;
import dev.planwatch.notify.NotificationEvent;
import dev.planwatch.notify.PageNotifications;
import dev.planwatch.plans.ActivityItem;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The REST application (every resource, at the root path) and what its OpenAPI document says of
 * itself: its info, and the named schemas no operation returns: the error envelope, and the
 * messages of the WebSockets and of the log stream ({@link OpenApiDocument} refers to them).
 */
@OpenAPIDefinition(
        info = @Info(title = "planwatch", version = "1", description = "Plan-orchestration dashboard backend. Every success"
                + " under /api/ is {success: true, data}; every error {success: false, error, code, details}."),
        components = @Components(schemas = {
                @Schema(name = "ErrorBody", implementation = ErrorBody.class),
                @Schema(name = "StatusMessage", implementation = LiveMessages.Status.class),
                @Schema(name = "ErrorMessage", implementation = LiveMessages.Error.class),
                @Schema(name = "AllPlansMessage", implementation = LiveMessages.AllPlans.class),
                @Schema(name = "PlanRemovedMessage", implementation = LiveMessages.PlanRemoved.class),
                @Schema(name = "HeartbeatMessage", implementation = LiveMessages.Heartbeat.class),
                @Schema(name = "DashboardEventMessage", implementation = LiveMessages.DashboardEvent.class),
                @Schema(name = "ActivityItem", implementation = ActivityItem.class),
                @Schema(name = "LogLineEvent", implementation = LogFollowers.LogEvent.class),
                @Schema(name = "LogStreamEvent", implementation = LogFollowers.StreamEvent.class),
                @Schema(name = "NotificationEvent", implementation = NotificationEvent.class),
                @Schema(name = "NotificationDelivery", implementation = Delivery.class),
                @Schema(name = "NotificationMessage", implementation = PageNotifications.Message.class)}))
public class PlanwatchApi extends Application {
}
