package dev.planwatch;

import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.VertxOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/**
 * Vert.x looks for blocked event loops every second by default: on a laptop where planwatch idles
 * all day that check is a good part of what it does. Every 20 s still reports a loop blocked
 * beyond the 2 s threshold, only later.
 */
@ApplicationScoped
public class QuietEventLoops implements VertxOptionsCustomizer {

    static final long BLOCKED_THREAD_CHECK_SECONDS = 20;

    @Override
    public void accept(VertxOptions options) {
        options.setBlockedThreadCheckInterval(BLOCKED_THREAD_CHECK_SECONDS);
        options.setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS);
    }
}
