package dev.planwatch.testing;

import dev.planwatch.live.LiveHub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketClientConnection;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** A test WebSocket client that records every text message and the close reason. */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final AtomicReference<CloseReason> closed = new AtomicReference<>();
    private final WebSocketClientConnection connection;

    private WsClient(URI base, String path) {
        this.connection = BasicWebSocketConnector.create()
                // On the connection's event loop, one message after the other: the default (blocking)
                // hands each message to a worker without ordering, so the list could differ from the
                // order the server sent, which the tests of ordered pushes and event chains read.
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .baseUri(base)
                .path(path)
                .onTextMessage((c, text) -> {
                    try {
                        messages.add(MAPPER.readTree(text));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .onClose((c, reason) -> closed.set(reason))
                .connectAndAwait();
    }

    public static WsClient connect(URI base, String path) {
        return new WsClient(base, path);
    }

    /**
     * Connects to {@code /ws/events}, which sends nothing on open, and returns once the hub counts
     * this socket among its subscribers. The count to exceed is taken once the closes of earlier
     * sockets have landed (the hub then counts exactly the {@code /ws/events} connections still open),
     * so a socket a previous test closed just before is not mistaken for this one.
     */
    public static WsClient connectEvents(URI base) {
        LiveHub hub = Arc.container().instance(LiveHub.class).get();
        OpenConnections connections = Arc.container().instance(OpenConnections.class).get();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hub.eventSubscribers() == connections.listAll().stream()
                .filter(c -> "/ws/events".equals(c.handshakeRequest().path()) && c.isOpen()).count());
        int before = hub.eventSubscribers();
        WsClient client = connect(base, "/ws/events");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hub.eventSubscribers() > before);
        return client;
    }

    public List<JsonNode> messages() {
        return messages;
    }

    /** Messages other than heartbeats. */
    public List<JsonNode> payloads() {
        return messages.stream().filter(m -> !"heartbeat".equals(m.path("type").asText())).toList();
    }

    /** Waits for a message matching {@code test} at or after index {@code from} of the payloads. */
    public JsonNode await(int from, Predicate<JsonNode> test) {
        return await(from, test, Duration.ofSeconds(5));
    }

    /** {@link #await(int, Predicate)} for up to {@code atMost}; a timeout lists what did arrive. */
    public JsonNode await(int from, Predicate<JsonNode> test, Duration atMost) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(atMost).until(() -> {
                List<JsonNode> p = payloads();
                for (int i = from; i < p.size(); i++) {
                    if (test.test(p.get(i))) {
                        found.set(p.get(i));
                        return true;
                    }
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no matching message within " + atMost + " among " + payloads(), e);
        }
        return found.get();
    }

    public CloseReason awaitClose() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> closed.get() != null);
        return closed.get();
    }

    @Override
    public void close() {
        if (connection.isOpen()) {
            connection.closeAndAwait();
        }
    }
}
