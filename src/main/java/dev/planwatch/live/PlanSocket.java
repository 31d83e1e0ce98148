package dev.planwatch.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/plans/{name}}: one plan's status, pushed on every change. */
@WebSocket(path = "/ws/plans/{name}")
public class PlanSocket {

    private final LiveHub hub;

    public PlanSocket(LiveHub hub) {
        this.hub = hub;
    }

    @OnOpen
    void open(WebSocketConnection connection, @PathParam String name) {
        hub.openPlan(connection, name);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
