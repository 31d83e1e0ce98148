package dev.planwatch.health;

import dev.planwatch.security.AccessGuard;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonValue;

/**
 * The health probes answered to a caller without the token (when one is configured): their status
 * and their checks' names and statuses only. The details (plan count, detector settings) are for
 * callers with the token; an orchestrating platform needs only the status code.
 */
@ApplicationScoped
public class ProbeDetails {

    /** After the access guard (which notes whether details may show), before the health handler. */
    private static final int ORDER = -150;

    private final SmallRyeHealthReporter reporter;

    public ProbeDetails(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::answer);
    }

    private void answer(RoutingContext context) {
        String path = context.request().path();
        if (!AccessGuard.isProbe(path) || path.equals("/health") || AccessGuard.healthDetailsAllowed(context)) {
            context.next();
            return;
        }
        Uni<SmallRyeHealth> health = switch (path) {
            case "/q/health/live" -> reporter.getLivenessAsync();
            case "/q/health/ready" -> reporter.getReadinessAsync();
            case "/q/health/started" -> reporter.getStartupAsync();
            default -> reporter.getHealthAsync();
        };
        health.subscribe().with(result -> {
            JsonArray checks = new JsonArray();
            JsonValue reported = result.getPayload().get("checks");
            if (reported != null && reported.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue check : reported.asJsonArray()) {
                    checks.add(new JsonObject().put("name", check.asJsonObject().getString("name", null))
                            .put("status", check.asJsonObject().getString("status", null)));
                }
            }
            context.response().setStatusCode(result.isDown() ? 503 : 200)
                    .putHeader("Content-Type", "application/json; charset=UTF-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("status", result.getPayload().getString("status")).put("checks", checks).encode());
        }, context::fail);
    }
}
