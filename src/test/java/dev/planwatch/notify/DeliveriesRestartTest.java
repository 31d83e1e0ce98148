package dev.planwatch.notify;

import dev.planwatch.testing.Receiver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbox across stops: deliveries still pending when one run ends are sent by the next, each
 * once, and a third run sends nothing. Each run is a new outbox over the same directory with the
 * real HTTP sender, as a restarted planwatch has; the receiver is a real server.
 */
class DeliveriesRestartTest {

    private final Receiver receiver = new Receiver();
    private final List<ScheduledExecutorService> runs = new ArrayList<>();

    @TempDir
    Path state;

    @AfterEach
    void close() {
        runs.forEach(ScheduledExecutorService::shutdownNow);
        receiver.close();
    }

    /** A run of the outbox; its thread is stopped without any goodbye, as a kill would. */
    private Deliveries run() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        runs.add(executor);
        return WebhookOutbox.over(state, receiver, Set.of("plan.completed"), new RetryPolicy(100, Duration.ofMillis(50),
                Duration.ofMillis(200)), executor);
    }

    private static <T> T on(Deliveries deliveries, ScheduledExecutorService executor, java.util.function.Supplier<T> work) throws Exception {
        return CompletableFuture.supplyAsync(work, executor).get(5, TimeUnit.SECONDS);
    }

    private static NotificationEvent event(int n) {
        return new NotificationEvent("event-" + n, "plan.completed", "plan-" + n, null, "completed", null, null, null, null, null,
                "Plan plan-" + n + " completed", null, "2026-01-01T00:00:00Z");
    }

    private long accepted(String id) {
        return receiver.requests(r -> id.equals(r.header("X-Planwatch-Delivery")) && r.answeredWith() == 200).size();
    }

    @Test
    void pendingDeliveriesSurviveAStopAndAreSentExactlyOnce() throws Exception {
        receiver.answer("/hook", 503);
        Deliveries first = run();
        on(first, runs.get(0), () -> {
            first.resume();
            IntStream.range(0, 5).forEach(n -> first.attemptNow(first.enqueue(event(n))));
            return null;
        });
        await().until(() -> IntStream.range(0, 5).allMatch(n -> !receiver.requests(r -> ("event-" + n).equals(r.header("X-Planwatch-Delivery"))).isEmpty()));
        runs.get(0).shutdownNow();
        assertEquals(5, on(first, Executors.newSingleThreadScheduledExecutor(), first::pending), "all still pending");

        receiver.answer("/hook", 200);
        Deliveries second = run();
        on(second, runs.get(1), () -> {
            second.resume();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> IntStream.range(0, 5).allMatch(n -> accepted("event-" + n) == 1));
        // An event derived again (the same id) is not added again.
        assertEquals(List.of(), on(second, runs.get(1), () -> second.enqueue(event(0))));
        await().until(() -> on(second, runs.get(1), second::pending) == 0);
        runs.get(1).shutdownNow();

        int before = receiver.requests().size();
        Deliveries third = run();
        on(third, runs.get(2), () -> {
            third.resume();
            return null;
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.requests().size() == before);
        assertEquals(0, on(third, runs.get(2), third::pending));
        assertEquals(5, on(third, runs.get(2), () -> third.recent().stream().filter(d -> d.status().equals("sent")).count()));
    }
}
