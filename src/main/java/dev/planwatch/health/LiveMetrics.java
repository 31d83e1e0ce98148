package dev.planwatch.health;

import dev.planwatch.live.ChangeDetector;
import dev.planwatch.live.LiveHub;
import dev.planwatch.logs.LogFollowers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Prometheus gauges for change detection and push (under {@code /q/metrics}). */
@ApplicationScoped
public class LiveMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, ChangeDetector detector, LiveHub hub,
                  LogFollowers followers) {
        Gauge.builder("planwatch.detector.changes", detector, ChangeDetector::changesSeen)
                .description("Catalog changes published by the change detector").register(registry);
        Gauge.builder("planwatch.detector.polls", detector, ChangeDetector::fullPolls)
                .description("Full polls of every file's stamp (rare while the watch is healthy)").register(registry);
        Gauge.builder("planwatch.detector.watch.events", detector, ChangeDetector::watchEvents)
                .description("WatchService events received").register(registry);
        Gauge.builder("planwatch.detector.watching", detector, d -> d.mode() == dev.planwatch.live.DetectorMode.WATCH_AND_POLL ? 1 : 0)
                .description("1 when the WatchService is active, 0 when only the poll runs").register(registry);
        Gauge.builder("planwatch.ws.clients", hub, LiveHub::openConnections)
                .description("Open WebSocket connections").register(registry);
        Gauge.builder("planwatch.ws.messages.sent", hub, LiveHub::messagesSent)
                .description("WebSocket messages written").register(registry);
        Gauge.builder("planwatch.ws.slow.clients.closed", hub, LiveHub::slowClientsClosed)
                .description("WebSocket clients closed for falling behind").register(registry);
        Gauge.builder("planwatch.sse.followers", followers, LogFollowers::followerCount)
                .description("Open log streams").register(registry);
    }
}
