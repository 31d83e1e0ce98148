package dev.planwatch.notify;

import dev.planwatch.testing.Receiver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which answers are retried, against a real receiver: 408, 429 and 5xx are; any other 4xx is not. */
class DeliveryRetryTest {

    private final Receiver receiver = new Receiver();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    Path state;

    @AfterEach
    void close() {
        executor.shutdownNow();
        receiver.close();
    }

    private Deliveries deliveries(int maxAttempts) {
        return WebhookOutbox.over(state, receiver, Set.of("plan.failed"), new RetryPolicy(maxAttempts, Duration.ofMillis(20),
                Duration.ofMillis(80)), executor);
    }

    private Delivery send(Deliveries deliveries, String id) throws Exception {
        NotificationEvent event = new NotificationEvent(id, "plan.failed", "p", null, "failed", null, null, null, null, null,
                "Plan p failed", null, "2026-01-01T00:00:00Z");
        CompletableFuture.runAsync(() -> deliveries.attemptNow(deliveries.enqueue(event)), executor).get(5, TimeUnit.SECONDS);
        await().until(() -> deliveries.recent().stream().anyMatch(d -> d.event().id().equals(id) && !d.pending()));
        return deliveries.recent().stream().filter(d -> d.event().id().equals(id)).findFirst().orElseThrow();
    }

    private long attempts(String id) {
        return receiver.requests(r -> id.equals(r.header("X-Planwatch-Delivery"))).size();
    }

    @Test
    void aRefusalIsNotRetriedButThrottlingAndOutagesAre() throws Exception {
        Deliveries deliveries = deliveries(4);
        for (int status : new int[] {400, 401, 404, 410, 422}) {
            receiver.answer("/hook", status);
            Delivery refused = send(deliveries, "refused-" + status);
            assertEquals("failed", refused.status());
            assertEquals(1, refused.attempts(), "a " + status + " is answered the same again: not retried");
            assertEquals("HTTP " + status, refused.lastError());
            assertEquals(1, attempts("refused-" + status));
        }
        for (int status : new int[] {408, 429, 500, 503}) {
            receiver.answer("/hook", status);
            Delivery retried = send(deliveries, "retried-" + status);
            assertEquals("failed", retried.status());
            assertEquals(4, retried.attempts(), status + " is retried up to max-attempts");
            assertEquals(4, attempts("retried-" + status));
        }
    }

    @Test
    void backoffDoublesWithJitterUpToItsBound() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(5));
        for (int attempt = 1; attempt <= 12; attempt++) {
            long full = Math.min(300_000, 2000L << (attempt - 1));
            long wait = policy.delayAfter(attempt).toMillis();
            assertTrue(wait >= full / 2 && wait <= full, "attempt " + attempt + ": " + wait + " ms outside [" + full / 2 + ", " + full + "]");
        }
        assertTrue(policy.exhausted(10));
    }
}
