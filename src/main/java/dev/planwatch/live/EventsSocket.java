package dev.planwatch.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/events}: the dashboard's typed events ({@code task:*}, {@code plan:status}, {@code orchestrator:status}). */
@WebSocket(path = "/ws/events")
public class EventsSocket {

    private final LiveHub hub;

    public EventsSocket(LiveHub hub) {
        this.hub = hub;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        hub.openEvents(connection);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
