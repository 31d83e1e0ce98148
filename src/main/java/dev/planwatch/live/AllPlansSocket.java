package dev.planwatch.live;

import dev.planwatch.api.SocketDescription;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/all}: every plan on open, then a {@code status} message per plan change.
 * {@code ?format=all-plans} keeps the original's behaviour: a fresh (coalesced) {@code all-plans}.
 */
@SocketDescription(value = "Every plan: an AllPlansMessage on open, then a StatusMessage per change and a "
        + "PlanRemovedMessage when a plan's files go (?format=all-plans re-sends AllPlansMessage instead).",
        messages = {"AllPlansMessage", "StatusMessage", "PlanRemovedMessage"})
@WebSocket(path = "/ws/all")
public class AllPlansSocket {

    private final LiveHub hub;
    private final GoingAway goingAway;

    public AllPlansSocket(LiveHub hub, GoingAway goingAway) {
        this.hub = hub;
        this.goingAway = goingAway;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        if (!goingAway.opened(connection)) {
            return;
        }
        String query = connection.handshakeRequest().query();
        boolean legacy = query != null && java.util.Arrays.asList(query.split("&")).contains("format=all-plans");
        hub.openAll(connection, legacy);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
