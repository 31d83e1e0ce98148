package dev.planwatch.security;

import dev.planwatch.config.PlanwatchConfig;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * planwatch can start and stop processes: it never listens beyond the loopback interface without a
 * token. Checked before the service takes any request, so a misconfigured sidecar fails fast.
 */
@ApplicationScoped
public class BindPolicy {

    private static final Logger LOG = Logger.getLogger(BindPolicy.class);

    void check(@Observes StartupEvent event, PlanwatchConfig config) {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-host" : "quarkus.http.host";
        String host = ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse("127.0.0.1");
        Optional<String> refusal = refusal(host, config.security().token());
        if (refusal.isPresent()) {
            LOG.error(refusal.get());
            throw new IllegalStateException(refusal.get());
        }
    }

    /** Why planwatch must not start with this bind address and token, if it must not. */
    static Optional<String> refusal(String host, Optional<String> token) {
        if (isLoopback(host) || token.filter(t -> !t.isBlank()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("Refusing to listen on " + host + " without a token: anyone who can reach it could start and stop"
                + " orchestrators. Set PLANWATCH_SECURITY_TOKEN (planwatch.security.token), or bind 127.0.0.1"
                + " (QUARKUS_HTTP_HOST).");
    }

    static boolean isLoopback(String host) {
        String h = host.trim();
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
    }
}
