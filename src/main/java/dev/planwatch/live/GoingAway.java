package dev.planwatch.live;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes every socket at shutdown with "going away" (1001), so clients reconnect to the next
 * instance instead of taking the close for a deliberate end; it runs before the HTTP layer waits for
 * open requests. Were a socket left open, the HTTP server would close it as a normal closure (1000).
 * <p>
 * A socket is closed here only once its endpoint's open callback has run ({@link #opened}): until
 * then the WebSocket layer is still setting the socket up on its event loop, and a close from
 * another thread makes that set-up fail. A socket still opening when shutdown begins closes itself
 * as its open callback runs, and shutdown waits for that, within a bound.
 */
@ApplicationScoped
public class GoingAway {

    static final CloseReason GOING_AWAY = new CloseReason(1001, "planwatch is shutting down");
    /** How long shutdown waits for sockets still opening; an open callback runs within milliseconds. */
    private static final Duration OPENING_BOUND = Duration.ofSeconds(1);

    /** Set on a socket once its open callback has run; read and written under this object's lock. */
    private static final UserData.TypedKey<Boolean> OPENED = UserData.TypedKey.forBoolean("planwatch.opened");

    private final OpenConnections connections;
    /** Guarded by this. */
    private boolean closing;

    public GoingAway(OpenConnections connections) {
        this.connections = connections;
    }

    /**
     * Every endpoint's open callback calls this first. False once shutdown has begun: the socket has
     * just been closed (1001) and the endpoint leaves it alone.
     */
    public synchronized boolean opened(WebSocketConnection connection) {
        if (closing) {
            close(connection);
            notifyAll();
            return false;
        }
        connection.userData().put(OPENED, true);
        return true;
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
        awaitOpening(OPENING_BOUND);
    }

    /** From now on every socket is closed (1001): the opened ones at once, the others as they open. */
    synchronized void closeAll() {
        closing = true;
        for (WebSocketConnection connection : connections.listAll()) {
            if (Boolean.TRUE.equals(connection.userData().get(OPENED))) {
                close(connection);
            }
        }
    }

    /** Waits until no socket is open any more, at most {@code bound}; whether none is. */
    synchronized boolean awaitOpening(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (connections.listAll().stream().anyMatch(WebSocketConnection::isOpen)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void close(WebSocketConnection connection) {
        if (connection.isOpen()) {
            connection.close(GOING_AWAY).subscribe().with(ok -> { }, failure -> { });
        }
    }
}
