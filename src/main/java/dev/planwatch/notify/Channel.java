package dev.planwatch.notify;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A way out of planwatch for events, enabled by configuration only. */
interface Channel {

    /** {@code webhook}, {@code slack}, {@code discord}, {@code ntfy} or {@code command}. */
    String name();

    /** The event types this channel is told (a test event goes to every channel). */
    Set<String> events();

    /**
     * One attempt. Never blocks the caller: the returned stage completes on the channel's own
     * threads, and never exceptionally (a failure is a {@link SendResult}).
     *
     * @param json the event as JSON, exactly as the webhook signs and sends it
     */
    CompletableFuture<SendResult> send(NotificationEvent event, byte[] json);
}
