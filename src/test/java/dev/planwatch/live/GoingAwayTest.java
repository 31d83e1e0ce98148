package dev.planwatch.live;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.WsClient;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GoingAwayTest {

    @Inject
    GoingAway goingAway;

    @Inject
    OpenConnections openConnections;

    @TestHTTPResource("/")
    URI base;

    @Test
    void shutdownClosesEverySocketAsGoingAwayEvenOneStillOpening() throws InterruptedException {
        SlowOpenSocket.entered = new CountDownLatch(1);
        SlowOpenSocket.release = new CountDownLatch(1);
        List<String> paths = List.of("/ws/all", "/ws/events", "/ws/plans/no-such-plan", "/ws/notifications", "/ws/test-slow-open");
        List<WsClient> clients = paths.stream().map(path -> WsClient.connect(base, path)).toList();
        try {
            await().until(() -> openConnections.listAll().stream().map(c -> c.handshakeRequest().path()).toList().containsAll(paths));
            // The handshake is done, the open callback has not returned: no endpoint knows this socket yet.
            assertTrue(SlowOpenSocket.entered.await(10, TimeUnit.SECONDS), "the slow socket's open callback runs");

            goingAway.closeAll();

            for (int i = 0; i < clients.size(); i++) {
                CloseReason reason = clients.get(i).awaitClose();
                assertEquals(1001, reason.getCode(), paths.get(i));
                assertEquals("planwatch is shutting down", reason.getMessage(), paths.get(i));
            }
        } finally {
            SlowOpenSocket.release.countDown();
            clients.forEach(WsClient::close);
        }
    }
}
