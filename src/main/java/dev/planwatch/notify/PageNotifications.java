package dev.planwatch.notify;

import dev.planwatch.live.Heartbeat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages listening on {@code /ws/notifications}: each notification event as it is derived (the
 * page shows it as a desktop notification) and each delivery as it is queued or attempted (the
 * Notifications view updates). A socket of its own, so the dashboard's {@code /ws/events} keeps
 * exactly the event types its clients know. Notifications are rare: each message is handed to
 * every socket without waiting for any.
 */
@ApplicationScoped
public class PageNotifications {

    private static final Logger LOG = Logger.getLogger(PageNotifications.class);

    /** {@code notification} (data: NotificationEvent), {@code notification:delivery} (data: NotificationDelivery) or {@code heartbeat}. */
    @RegisterForReflection
    @Schema(name = "NotificationMessage")
    public record Message(@Schema(enumeration = {"notification", "notification:delivery", "heartbeat"}) String type,
                          String timestamp, @Schema(oneOf = {NotificationEvent.class, Delivery.class}) Object data) {
    }

    private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;

    public PageNotifications(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void open(WebSocketConnection connection) {
        connections.put(connection.id(), connection);
    }

    void close(WebSocketConnection connection) {
        connections.remove(connection.id());
    }

    int listeners() {
        return connections.size();
    }

    void publish(Message message) {
        if (connections.isEmpty()) {
            return;
        }
        String text;
        try {
            text = mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Message not serialisable", e);
        }
        for (WebSocketConnection connection : connections.values()) {
            connection.sendText(text).subscribe().with(ok -> { }, failure -> {
                LOG.debugf("Dropping notification socket %s: %s", connection.id(), failure.getMessage());
                connections.remove(connection.id());
            });
        }
    }

    void onHeartbeat(@Observes Heartbeat heartbeat) {
        publish(new Message("heartbeat", heartbeat.timestamp(), null));
    }
}
