package dev.planwatch.security;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The headers every answer carries, set before any other handler runs (so refusals carry them too):
 * no page of another origin may frame planwatch ({@code X-Frame-Options: DENY} and the CSP's
 * {@code frame-ancestors 'none'}: a framed page could be clicked into stopping an orchestrator from
 * planwatch's own origin), the browser may not guess content types, and no address is sent on as a
 * referrer. The Content-Security-Policy fits the page: scripts, styles and connections (REST,
 * WebSocket, the log stream) only from planwatch itself, images from itself and {@code data:},
 * nothing else (no plugins, fonts, forms or frames). Swagger UI, which starts from an inline script
 * and styles, gets those allowed under {@code /q/swagger-ui} only.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Runs before every other route handler, the path guard included. */
    static final int ORDER = RequestPathGuard.ORDER - 10;

    /** The page's policy (also sent with every API answer, where it forbids everything but being read). */
    public static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::add);
    }

    private void add(RoutingContext context) {
        HttpServerResponse response = context.response();
        String path = context.request().path();
        response.putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy", path != null && path.startsWith("/q/swagger-ui") ? SWAGGER_UI_POLICY : PAGE_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        context.next();
    }
}
