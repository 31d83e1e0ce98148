package dev.planwatch.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a WebSocket endpoint sends, stated on its {@code @WebSocket} class: OpenAPI has no operation
 * for a socket, so the document's filter turns this into a path entry whose 101 response lists the
 * named message schemas. Every socket also sends a HeartbeatMessage, which need not be named.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SocketDescription {

    /** What the socket pushes and when, in a sentence or two. */
    String value();

    /** The named message schemas it sends, besides the heartbeat. */
    String[] messages();
}
