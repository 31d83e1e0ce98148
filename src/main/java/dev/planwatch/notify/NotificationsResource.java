package dev.planwatch.notify;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.Envelope;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.concurrent.CompletionStage;

/**
 * The notifications as a person checks them: the channels configured, the recent deliveries, and
 * a test event. Channels are configured only by configuration: nothing here can make planwatch
 * call another address.
 */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class NotificationsResource {

    private final Notifier notifier;

    public NotificationsResource(Notifier notifier) {
        this.notifier = notifier;
    }

    @GET
    @NonBlocking
    @Operation(summary = "The enabled channels and the recent deliveries (newest first) with their attempts, status and last error")
    public Envelope<NotificationResponses.Overview> list() {
        return Envelope.of(new NotificationResponses.Overview(notifier.channelViews(), notifier.pending(), notifier.recent()));
    }

    @POST
    @Path("test")
    @Operation(summary = "Send a test event (notification.test) to every enabled channel; 202 once it is in the outbox")
    @ErrorCodes(ErrorCode.NO_NOTIFICATION_CHANNEL)
    @APIResponse(responseCode = "202", description = "The test event and its deliveries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationResponses.TestReply.class)))
    public CompletionStage<Response> test() {
        if (!notifier.anyChannel()) {
            throw new ApiException(ErrorCode.NO_NOTIFICATION_CHANNEL,
                    "No notification channel is enabled: set planwatch.notify.webhook.url (or slack, discord, ntfy, command)");
        }
        return notifier.sendTest().thenApply(sent -> Response.accepted(new NotificationResponses.TestReply(true, sent)).build());
    }
}
