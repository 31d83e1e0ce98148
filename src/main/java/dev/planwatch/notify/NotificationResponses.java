package dev.planwatch.notify;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The notification endpoints' replies. */
public final class NotificationResponses {

    private NotificationResponses() {
    }

    /**
     * {@code GET /api/notifications}: the enabled channels (their names and events, never their
     * addresses), the deliveries waiting for an attempt, and the recent deliveries, newest first.
     */
    @RegisterForReflection
    @Schema(name = "NotificationsOverview")
    public record Overview(List<ChannelView> channels, long pending, List<Delivery> deliveries) {
    }

    /** A channel as the API shows it: its name and events, never its address (it may hold a secret). */
    @RegisterForReflection
    @Schema(name = "NotificationChannel")
    public record ChannelView(String name, List<String> events) {
    }

    @RegisterForReflection
    @Schema(name = "NotificationTestReply")
    public record TestReply(boolean success, TestSent data) {
    }

    /** The test event and the ids of its deliveries (the page's is not one: it is not tracked). */
    @RegisterForReflection
    @Schema(name = "NotificationTestSent")
    public record TestSent(NotificationEvent event, List<String> deliveries) {
    }
}
