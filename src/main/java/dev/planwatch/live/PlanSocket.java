package dev.planwatch.live;

import dev.planwatch.api.SocketDescription;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/plans/{name}}: one plan's status, pushed on every change. */
@SocketDescription(value = "One plan's status: a StatusMessage on open and on every change; an ErrorMessage "
        + "(PLAN_NOT_FOUND) while the plan does not exist; close 1008 for an invalid name.",
        messages = {"StatusMessage", "ErrorMessage"})
@WebSocket(path = "/ws/plans/{name}")
public class PlanSocket {

    private final LiveHub hub;
    private final GoingAway goingAway;

    public PlanSocket(LiveHub hub, GoingAway goingAway) {
        this.hub = hub;
        this.goingAway = goingAway;
    }

    @OnOpen
    void open(WebSocketConnection connection, @PathParam String name) {
        if (!goingAway.opened(connection)) {
            return;
        }
        hub.openPlan(connection, name);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
