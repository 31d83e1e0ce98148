package dev.planwatch.live;

/** Fired every {@code planwatch.live.heartbeat}; sockets and streams send their keep-alive message. */
public record Heartbeat(String timestamp) {
}
