package dev.planwatch.live;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Closes every open socket at shutdown with "going away" (1001), so clients reconnect to the next
 * instance instead of taking the close for a deliberate end. It runs before the HTTP layer waits for
 * open requests, and it reads the server's own list of open connections rather than each endpoint's
 * subscribers: a socket whose handshake is done but whose open callback has not run yet (it runs on a
 * worker thread) is in that list only, and the HTTP server would otherwise close it as a normal
 * closure (1000). The first close of a connection fixes its code, so the server's later close of the
 * same connection changes nothing.
 */
@ApplicationScoped
public class GoingAway {

    static final CloseReason GOING_AWAY = new CloseReason(1001, "planwatch is shutting down");

    private final OpenConnections connections;

    public GoingAway(OpenConnections connections) {
        this.connections = connections;
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    /** Closes every open server connection with 1001. */
    void closeAll() {
        for (WebSocketConnection connection : connections.listAll()) {
            if (connection.isOpen()) {
                connection.close(GOING_AWAY).subscribe().with(ok -> { }, failure -> { });
            }
        }
    }
}
