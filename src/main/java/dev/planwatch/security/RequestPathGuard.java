package dev.planwatch.security;

import dev.planwatch.api.ErrorCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses request paths that no endpoint could mean before any routing or normalisation: malformed
 * percent-escapes, invalid UTF-8, encoded or plain dot segments, NUL and control characters,
 * backslashes. HTTP and WebSocket upgrades alike get 400 {@code INVALID_REQUEST}. (A malformed
 * escape is already refused by Vert.x with a bare 400 before any route runs; this check is the
 * second line for what Vert.x lets through, such as {@code %2e%2e} or {@code %5c}.)
 */
@ApplicationScoped
public class RequestPathGuard {

    /** Runs before every other route handler. */
    static final int ORDER = -200;

    /**
     * Longest request target (path and query) answered by the application. The HTTP layer reads
     * lines up to {@code quarkus.http.limits.max-initial-line-length} (64 KiB), so a longer target
     * than this still gets the API's envelope (414 {@code URI_TOO_LONG}); beyond 64 KiB the HTTP
     * layer itself answers a bare 414.
     */
    static final int MAX_TARGET_LENGTH = 8192;

    private final RouterRejection rejection;
    private final RouterRejection tooLong;
    private final RouterRejection badRequest;

    public RequestPathGuard(ObjectMapper mapper) {
        this.rejection = RouterRejection.of(mapper, ErrorCode.INVALID_REQUEST, "Invalid request path");
        this.tooLong = RouterRejection.of(mapper, ErrorCode.URI_TOO_LONG, "Request target longer than " + MAX_TARGET_LENGTH + " characters");
        this.badRequest = RouterRejection.of(mapper, ErrorCode.INVALID_REQUEST, "Bad request: a missing or malformed Host header");
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
        // The router fails a request without a valid Host (HTTP/1.1) with 400 before any handler
        // runs; the default failure handler would log the client's mistake as an ERROR and answer
        // without the envelope.
        router.route().order(ORDER).failureHandler(this::refuseBadRequest);
    }

    private void refuseBadRequest(RoutingContext context) {
        if (context.statusCode() != 400 || context.response().ended() || context.response().headWritten()) {
            context.next();
            return;
        }
        context.response().putHeader("Connection", "close");
        badRequest.send(context);
    }

    private void check(RoutingContext context) {
        String uri = context.request().uri();
        if (uri.length() > MAX_TARGET_LENGTH) {
            tooLong.send(context);
            return;
        }
        int query = uri.indexOf('?');
        String rawPath = query < 0 ? uri : uri.substring(0, query);
        if (isAcceptable(rawPath)) {
            context.next();
        } else {
            rejection.send(context);
        }
    }

    static boolean isAcceptable(String rawPath) {
        String decoded = decode(rawPath);
        if (decoded == null) {
            return false;
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return false;
            }
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Strict percent-decoding to UTF-8; null when an escape or the bytes are malformed. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
