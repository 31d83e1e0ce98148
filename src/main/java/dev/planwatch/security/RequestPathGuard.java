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

    private final RouterRejection rejection;

    public RequestPathGuard(ObjectMapper mapper) {
        this.rejection = RouterRejection.of(mapper, ErrorCode.INVALID_REQUEST, "Invalid request path");
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String uri = context.request().uri();
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
