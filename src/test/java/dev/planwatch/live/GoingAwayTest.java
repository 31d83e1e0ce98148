package dev.planwatch.live;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.WsClient;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(GoingAwayTest.OwnApplication.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GoingAwayTest {

    /** Once shutdown has begun it stays begun: this test has an application of its own. */
    public static class OwnApplication implements QuarkusTestProfile {
    }

    @Inject
    GoingAway goingAway;

    @Inject
    OpenConnections openConnections;

    @TestHTTPResource("/")
    URI base;

    @Test
    void shutdownClosesEverySocketAsGoingAwayThoseStillOpeningAsTheyOpen() throws InterruptedException {
        SlowOpenSocket.entered = new CountDownLatch(1);
        SlowOpenSocket.release = new CountDownLatch(1);
        List<String> paths = List.of("/ws/all", "/ws/events", "/ws/plans/no-such-plan", "/ws/notifications");
        List<WsClient> clients = paths.stream().map(path -> WsClient.connect(base, path)).toList();
        WsClient opening = WsClient.connect(base, "/ws/test-slow-open");
        try {
            clients.get(0).await(0, m -> true); // the /ws/all socket has opened: its all-plans message
            await().until(() -> openConnections.listAll().stream().map(c -> c.handshakeRequest().path()).toList()
                    .containsAll(paths));
            // Its handshake is done; its open callback has not returned.
            assertTrue(SlowOpenSocket.entered.await(10, TimeUnit.SECONDS), "the slow socket's open callback runs");

            goingAway.closeAll();

            for (int i = 0; i < clients.size(); i++) {
                assertGoingAway(clients.get(i).awaitClose(), paths.get(i));
            }
            assertFalse(goingAway.awaitOpening(Duration.ZERO), "the socket still opening is open");
            SlowOpenSocket.release.countDown();
            assertTrue(goingAway.awaitOpening(Duration.ofSeconds(5)), "it closed itself as its open callback ran");
            assertGoingAway(opening.awaitClose(), "/ws/test-slow-open");

            // A socket opened from now on is closed at once, before its endpoint sends anything.
            try (WsClient late = WsClient.connect(base, "/ws/all")) {
                assertGoingAway(late.awaitClose(), "a socket opened after shutdown began");
                assertTrue(late.messages().isEmpty(), late.messages().toString());
            }
        } finally {
            SlowOpenSocket.release.countDown();
            clients.forEach(WsClient::close);
            opening.close();
        }
    }

    private static void assertGoingAway(CloseReason reason, String socket) {
        assertEquals(1001, reason.getCode(), socket);
        assertEquals("planwatch is shutting down", reason.getMessage(), socket);
    }
}
