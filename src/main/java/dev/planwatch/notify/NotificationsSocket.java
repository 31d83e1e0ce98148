package dev.planwatch.notify;

import dev.planwatch.api.SocketDescription;
import dev.planwatch.live.GoingAway;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/notifications}: notification events and delivery updates for the page. */
@SocketDescription(value = "For the page: a NotificationMessage of type notification (data: NotificationEvent) when a "
        + "notification is derived, notification:delivery (data: NotificationDelivery) when a delivery is "
        + "queued or attempted.",
        messages = {"NotificationMessage"})
@WebSocket(path = "/ws/notifications")
public class NotificationsSocket {

    private final PageNotifications page;
    private final GoingAway goingAway;

    public NotificationsSocket(PageNotifications page, GoingAway goingAway) {
        this.page = page;
        this.goingAway = goingAway;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        if (!goingAway.opened(connection)) {
            return;
        }
        page.open(connection);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        page.close(connection);
    }
}
