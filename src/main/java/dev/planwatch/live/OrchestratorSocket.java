package dev.planwatch.live;

import dev.planwatch.api.SocketDescription;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/orchestrators/{id}}: the dashboard's events of one orchestrator, as {@code /ws/events} sends them. */
@SocketDescription(value = "The /ws/events messages of one orchestrator; an unknown id gets an ErrorMessage "
        + "(ORCHESTRATOR_NOT_FOUND) and close 1008.",
        messages = {"DashboardEventMessage", "ErrorMessage"})
@WebSocket(path = "/ws/orchestrators/{id}")
public class OrchestratorSocket {

    private final LiveHub hub;
    private final GoingAway goingAway;

    public OrchestratorSocket(LiveHub hub, GoingAway goingAway) {
        this.hub = hub;
        this.goingAway = goingAway;
    }

    @OnOpen
    void open(WebSocketConnection connection, @PathParam String id) {
        if (!goingAway.opened(connection)) {
            return;
        }
        hub.openOrchestrator(connection, id);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
