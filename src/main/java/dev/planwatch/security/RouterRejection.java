package dev.planwatch.security;

import dev.planwatch.api.ErrorBody;
import dev.planwatch.api.ErrorCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * An error answered at router level, before any resource or WebSocket endpoint runs, in the API's one
 * envelope. Rendered once: these answers are fixed.
 */
final class RouterRejection {

    private final int status;
    private final String body;

    private RouterRejection(int status, String body) {
        this.status = status;
        this.body = body;
    }

    static RouterRejection of(ObjectMapper mapper, ErrorCode code, String message) {
        try {
            return new RouterRejection(code.httpStatus(), mapper.writeValueAsString(ErrorBody.of(code, message, Map.of())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void send(RoutingContext context) {
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
