package dev.planwatch.security;

import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call the API, decided once per request (HTTP and WebSocket handshakes alike) before any
 * endpoint runs:
 * <ul>
 * <li>a browser page from a foreign origin may not POST or open a WebSocket (403
 * {@code FORBIDDEN_ORIGIN}); configured origins get CORS headers and preflight answers;</li>
 * <li>with a token configured, every request but the health probes and the web page's own files
 * ({@code /}, {@code /static/}) must carry it (401
 * {@code AUTH_REQUIRED}); a probe without it answers only its status and its checks' names;</li>
 * <li>without a token (a loopback bind), the {@code Host} must be a loopback name (403
 * {@code FORBIDDEN_HOST}): a DNS-rebinding page would otherwise be same-origin with planwatch.</li>
 * </ul>
 */
@ApplicationScoped
public class AccessGuard {

    /** After the path guard, before every endpoint. */
    static final int ORDER = RequestPathGuard.ORDER + 10;

    static final String TOKEN_PARAMETER = "access_token";
    private static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match, Last-Event-ID";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final Optional<byte[]> token;
    private final Set<String> allowedOrigins;
    private final RouterRejection foreignOrigin;
    private final RouterRejection foreignHost;
    private final RouterRejection unauthenticated;

    public AccessGuard(PlanwatchConfig config, ObjectMapper mapper) {
        this.token = config.security().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.allowedOrigins = config.security().allowedOrigins().orElse(List.of()).stream()
                .map(AccessGuard::normaliseOrigin)
                .flatMap(Optional::stream)
                .flatMap(AccessGuard::withLoopbackAlias)
                .collect(Collectors.toUnmodifiableSet());
        this.foreignOrigin = RouterRejection.of(mapper, ErrorCode.FORBIDDEN_ORIGIN,
                "Origin not allowed: add it to planwatch.security.allowed-origins");
        this.foreignHost = RouterRejection.of(mapper, ErrorCode.FORBIDDEN_HOST,
                "Host not allowed: without a token planwatch answers only to loopback names");
        this.unauthenticated = RouterRejection.of(mapper, ErrorCode.AUTH_REQUIRED,
                "Authentication required: send Authorization: Bearer <token>");
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean preflight = request.method() == HttpMethod.OPTIONS && origin != null
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        if (origin != null) {
            Optional<String> normalised = normaliseOrigin(origin);
            boolean sameOrigin = normalised.isPresent() && normalised.get().endsWith("://" + hostWithPort(request, normalised.get()));
            boolean listed = normalised.isPresent() && allowedOrigins.contains(normalised.get());
            if (!sameOrigin && !listed) {
                if (preflight || !isSafe(request) || isUpgrade(request)) {
                    foreignOrigin.send(context);
                    return;
                }
            } else if (listed && !sameOrigin) {
                context.response()
                        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                        .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag")
                        .putHeader(HttpHeaders.VARY, "Origin");
            }
            if (preflight) {
                context.response()
                        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
                        .setStatusCode(204)
                        .end();
                return;
            }
        }
        if (token.isEmpty()) {
            if (!isLoopbackHost(request.getHeader(HttpHeaders.HOST))) {
                foreignHost.send(context);
                return;
            }
        } else if (!isProbe(request.path()) && !isPage(request) && !carriesToken(context)) {
            context.response().putHeader("WWW-Authenticate", "Bearer realm=\"planwatch\"");
            unauthenticated.send(context);
            return;
        }
        if (isProbe(request.path())) {
            context.put(HEALTH_DETAILS, token.isEmpty() || carriesToken(context));
        }
        context.next();
    }

    /** Where a probe's request notes whether it may show its details (see {@link #healthDetailsAllowed}). */
    private static final String HEALTH_DETAILS = "planwatch.health-details";

    /**
     * Whether the health probe {@code context} answers may show its checks' details: when no token
     * is configured, or the request carries it. Without, a probe shows only its status and its checks' names.
     */
    public static boolean healthDetailsAllowed(RoutingContext context) {
        return Boolean.TRUE.equals(context.get(HEALTH_DETAILS));
    }

    private boolean carriesToken(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(authorization.substring(7).trim());
        }
        List<String> fromQuery = context.queryParam(TOKEN_PARAMETER);
        return fromQuery.size() == 1 && matches(fromQuery.get(0));
    }

    /** Constant-time, so the token cannot be guessed a byte at a time from response timings. */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(token.orElseThrow(), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The web page and its bundled scripts: they hold no data (everything is fetched through the
     * API, with the token), and a browser cannot send a token when it navigates to a page.
     */
    static boolean isPage(HttpServerRequest request) {
        String path = request.path();
        return (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) && path != null
                && (path.equals("/") || path.equals("/index.html") || path.equals("/favicon.svg") || path.startsWith("/static/"));
    }

    /** The probes, public for orchestrating platforms; any other path under {@code /q/health/} needs the token. */
    private static final java.util.Set<String> PROBES = java.util.Set.of("/health", "/q/health", "/q/health/live", "/q/health/ready",
            "/q/health/started");

    public static boolean isProbe(String path) {
        return path != null && PROBES.contains(path);
    }

    private static boolean isSafe(HttpServerRequest request) {
        return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
    }

    private static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** The request's host and port as an origin would spell them (default port omitted). */
    private static String hostWithPort(HttpServerRequest request, String origin) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null) {
            return "\0";
        }
        host = host.toLowerCase(Locale.ROOT);
        String defaultPort = origin.startsWith("https://") ? ":443" : ":80";
        return host.endsWith(defaultPort) ? host.substring(0, host.length() - defaultPort.length()) : host;
    }

    static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return true;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host : host.substring(0, close + 1);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return LOOPBACK_HOSTS.contains(host) || host.endsWith(".localhost");
    }

    /**
     * The origin and, for {@code localhost} or {@code 127.0.0.1}, the other name of the same
     * loopback address (same scheme and port): a dashboard opened as either is the same page.
     */
    static java.util.stream.Stream<String> withLoopbackAlias(String normalised) {
        for (String[] pair : new String[][] {{"://localhost", "://127.0.0.1"}, {"://127.0.0.1", "://localhost"}}) {
            int at = normalised.indexOf(pair[0]);
            String rest = at < 0 ? null : normalised.substring(at + pair[0].length());
            if (rest != null && (rest.isEmpty() || rest.startsWith(":"))) {
                return java.util.stream.Stream.of(normalised, normalised.substring(0, at) + pair[1] + rest);
            }
        }
        return java.util.stream.Stream.of(normalised);
    }

    /** {@code scheme://host[:port]} in lower case without a default port; empty for anything else. */
    static Optional<String> normaliseOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
