package dev.planwatch.dashboard;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * How browsers may cache the page. The bundles under {@code /static/bundle/} are named by a hash of
 * their content, so they are immutable (a year); everything else the static handler serves (the
 * page's HTML, which names the current bundles, and the icon) must be revalidated on every use
 * ({@code no-cache}): an HTML kept as immutable would name the bundles of a version since replaced,
 * which no longer exist. The HTML carries a strong ETag (a digest of its bytes), and a request whose
 * {@code If-None-Match} names it is answered 304 without a body.
 */
@ApplicationScoped
public class PageCaching {

    /** Runs after the security guards, before the static handler. */
    private static final int ORDER = -100;
    private static final String BUNDLES = "/static/bundle/";

    private final String pageTag;

    public PageCaching() {
        this.pageTag = tagOf("META-INF/resources/index.html");
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String path = context.request().path();
        HttpMethod method = context.request().method();
        if (path == null || path.startsWith("/api/") || path.startsWith("/ws/") || !(method == HttpMethod.GET || method == HttpMethod.HEAD)) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        if (path.startsWith(BUNDLES)) {
            response.headersEndHandler(ignored -> {
                if (response.getStatusCode() == 200) {
                    response.headers().set(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
                }
            });
            context.next();
            return;
        }
        boolean page = pageTag != null && (path.equals("/") || path.equals("/index.html"));
        if (page && matches(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).putHeader(HttpHeaders.ETAG, pageTag).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end();
            return;
        }
        response.headersEndHandler(ignored -> {
            String cacheControl = response.headers().get(HttpHeaders.CACHE_CONTROL);
            if (response.getStatusCode() == 200 && (cacheControl == null || cacheControl.contains("immutable"))) {
                response.headers().set(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
            if (page && response.getStatusCode() == 200) {
                response.headers().set(HttpHeaders.CACHE_CONTROL, "no-cache").set(HttpHeaders.ETAG, pageTag);
            }
        });
        context.next();
    }

    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(pageTag) || trimmed.equals("W/" + pageTag)) {
                return true;
            }
        }
        return false;
    }

    /** A strong tag of the resource's bytes; null when the resource is not on the class path. */
    private static String tagOf(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 24) + "\"";
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
