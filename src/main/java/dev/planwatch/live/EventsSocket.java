package dev.planwatch.live;

import dev.planwatch.api.SocketDescription;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/events}: the dashboard's typed events ({@code task:*}, {@code plan:status}, {@code orchestrator:status}). */
@SocketDescription(value = "The dashboard's events: DashboardEventMessage with type task:started, task:completed, "
        + "task:failed, task:skipped, activity:new (data: ActivityItem), plan:status, orchestrator:status, "
        + "orchestrator:progress, plan:changes (a plan branch's tip moved; data: PlanChangesData), "
        + "worktrees:conflicts (the conflict report changed; data: ConflictsData).",
        messages = {"DashboardEventMessage"})
@WebSocket(path = "/ws/events")
public class EventsSocket {

    private final LiveHub hub;
    private final GoingAway goingAway;

    public EventsSocket(LiveHub hub, GoingAway goingAway) {
        this.hub = hub;
        this.goingAway = goingAway;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        if (!goingAway.opened(connection)) {
            return;
        }
        hub.openEvents(connection);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
