package dev.planwatch.live;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.lang.reflect.Method;

/**
 * Marks a WebSocket's upgrade request as done once it is handed to the WebSocket layer. Quarkus's
 * graceful shutdown waits for every HTTP request to end and counts an upgrade as a request that never
 * does, so once any socket had been opened, every shutdown waited the whole
 * {@code quarkus.shutdown.timeout} and logged "Timed out waiting for graceful shutdown" as an error.
 * The sockets themselves are closed (1001) before that wait, by {@link GoingAway}.
 *
 * <p>The request wrapper offers no public way to say "done"; its own method is called reflectively.
 * Should a later Quarkus rename it, this says so once at start-up and shutdown merely waits again.
 */
@ApplicationScoped
@RegisterForReflection(targets = QuarkusRequestWrapper.class, methods = true)
public class UpgradeRequests {

    private static final Logger LOG = Logger.getLogger(UpgradeRequests.class);
    /** After the path and access checks (orders -200 and -190), before the WebSocket handlers. */
    private static final int ORDER = -150;

    private final Method done = doneMethod();

    void register(@Observes Router router) {
        if (done != null) {
            router.route("/ws/*").order(ORDER).handler(this::release);
        }
    }

    private void release(RoutingContext context) {
        if ("websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
            try {
                done.invoke(QuarkusRequestWrapper.get(context.request()));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debugf("Upgrade request not released: %s", e);
            }
        }
        context.next();
    }

    private static Method doneMethod() {
        try {
            Method method = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("WebSocket upgrades cannot be released early (%s): shutdown waits quarkus.shutdown.timeout", e);
            return null;
        }
    }
}
