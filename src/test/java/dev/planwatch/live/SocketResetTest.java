package dev.planwatch.live;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.LoudLogRecords;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients that reset their WebSocket connection instead of closing it are an ordinary event: nothing is logged above DEBUG. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SocketResetTest {

    @Inject
    OpenConnections connections;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aHundredResetSocketsLeaveTheLogQuiet() throws Exception {
        try (LoudLogRecords loud = LoudLogRecords.capture()) {
            for (int i = 0; i < 100; i++) {
                String path = List.of("/ws/all", "/ws/events", "/ws/plans/alpha").get(i % 3);
                try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + base.getPort()
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    InputStream in = socket.getInputStream();
                    byte[] head = new byte[12];
                    assertEquals(12, in.readNBytes(head, 0, 12));
                    assertTrue(new String(head, StandardCharsets.US_ASCII).endsWith("101"), new String(head, StandardCharsets.US_ASCII));
                    // The first pushed message shows the server side is set up; then the client resets.
                    assertTrue(in.read() >= 0);
                    socket.setSoLinger(true, 0);
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> connections.listAll().isEmpty());
            assertTrue(loud.records().isEmpty(), loud::describe);
        }
    }
}
