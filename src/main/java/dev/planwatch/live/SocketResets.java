package dev.planwatch.live;

import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket whose client went away without a closing handshake (a reset connection, a closed
 * channel): an ordinary event for a server of browser tabs and laptops that sleep, not a failure.
 * Handled here for every endpoint so that it is logged at DEBUG and counted instead of as an
 * ERROR with a stack trace; the endpoint's {@code @OnClose} still runs and forgets the client.
 */
@ApplicationScoped
public class SocketResets {

    private static final Logger LOG = Logger.getLogger(SocketResets.class);
    private final AtomicLong resets = new AtomicLong();

    @OnError
    void clientWentAway(IOException failure, WebSocketConnection connection) {
        long count = resets.incrementAndGet();
        LOG.debugf("WebSocket %s ended abruptly (%s), %d so far", connection.handshakeRequest().path(), failure.toString(), count);
    }

    /** Sockets that ended without a closing handshake since start. */
    public long count() {
        return resets.get();
    }
}
