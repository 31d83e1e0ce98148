package dev.planwatch.live;

import dev.planwatch.workspace.Timestamps;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/** The one clock behind every heartbeat message (a timer, not a poll: it reads nothing). */
@ApplicationScoped
public class HeartbeatTicker {

    private final Event<Heartbeat> heartbeat;

    public HeartbeatTicker(Event<Heartbeat> heartbeat) {
        this.heartbeat = heartbeat;
    }

    @Scheduled(every = "${planwatch.live.heartbeat:30s}", delayed = "${planwatch.live.heartbeat:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        heartbeat.fire(new Heartbeat(Timestamps.now()));
    }
}
