package dev.planwatch.notify;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One event for one channel, as the outbox keeps it: pending until the channel took it
 * ({@code sent}) or it was given up ({@code failed}: a refusal that a retry cannot mend, or the
 * last attempt failed).
 *
 * @param id            the event id and the channel ({@code <event id>.<channel>})
 * @param attempts      attempts made so far
 * @param lastError     why the last attempt failed (null after a success)
 * @param nextAttemptAt when a pending delivery is tried next
 */
@RegisterForReflection
@Schema(name = "NotificationDelivery")
public record Delivery(
        String id,
        String channel,
        NotificationEvent event,
        int attempts,
        @Schema(enumeration = {"pending", "sent", "failed"}) String status,
        String lastError,
        String createdAt,
        String lastAttemptAt,
        String nextAttemptAt,
        String finishedAt) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    public boolean pending() {
        return PENDING.equals(status);
    }

    Delivery attempted(String status, String error, String at, String next) {
        return new Delivery(id, channel, event, attempts + 1, status, error, createdAt, at, next,
                PENDING.equals(status) ? null : at);
    }
}
