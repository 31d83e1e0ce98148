package dev.planwatch.live;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.Timestamps;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one clock behind every heartbeat message (a timer, not a poll: it reads nothing). A plain
 * timer thread rather than a scheduler: nothing else in planwatch is scheduled, and a scheduler
 * would wake up every second to look for due jobs.
 */
@ApplicationScoped
public class HeartbeatTicker {

    private final Event<Heartbeat> heartbeat;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "planwatch-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public HeartbeatTicker(Event<Heartbeat> heartbeat, PlanwatchConfig config) {
        this.heartbeat = heartbeat;
        this.interval = config.live().heartbeat();
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleAtFixedRate(this::tick, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    void tick() {
        try {
            heartbeat.fire(new Heartbeat(Timestamps.now()));
        } catch (RuntimeException e) {
            // a failing observer must not end the timer; the next beat tries again
        }
    }
}
