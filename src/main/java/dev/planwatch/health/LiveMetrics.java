package dev.planwatch.health;

import dev.planwatch.live.ChangeDetector;
import dev.planwatch.live.LiveHub;
import dev.planwatch.logs.LogFollowers;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Prometheus gauges for change detection and push (under {@code /q/metrics}).
 * Each is registered by {@link Gauges#replace}.
 */
@ApplicationScoped
public class LiveMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, ChangeDetector detector, LiveHub hub,
                  LogFollowers followers) {
        Gauges.replace(registry, "planwatch.detector.changes", detector, ChangeDetector::changesSeen,
                "Catalog changes published by the change detector");
        Gauges.replace(registry, "planwatch.detector.polls", detector, ChangeDetector::fullPolls,
                "Full polls of every file's stamp (rare while the watch is healthy)");
        Gauges.replace(registry, "planwatch.detector.watch.events", detector, ChangeDetector::watchEvents,
                "WatchService events received");
        Gauges.replace(registry, "planwatch.detector.watching", detector,
                d -> d.mode() == dev.planwatch.live.DetectorMode.WATCH_AND_POLL ? 1 : 0,
                "1 when the WatchService is active, 0 when only the poll runs");
        Gauges.replace(registry, "planwatch.ws.clients", hub, LiveHub::openConnections,
                "Open WebSocket connections");
        Gauges.replace(registry, "planwatch.ws.messages.sent", hub, LiveHub::messagesSent,
                "WebSocket messages written");
        Gauges.replace(registry, "planwatch.ws.slow.clients.closed", hub, LiveHub::slowClientsClosed,
                "WebSocket clients closed for falling behind");
        Gauges.replace(registry, "planwatch.sse.followers", followers, LogFollowers::followerCount,
                "Open log streams");
    }
}
