package dev.planwatch.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/** The one error envelope of the API. */
@RegisterForReflection
public record ErrorBody(boolean success, String error, String code, Map<String, Object> details) {

    public static ErrorBody of(ErrorCode code, String message, Map<String, Object> details) {
        return new ErrorBody(false, message, code.name(), details == null ? Map.of() : details);
    }
}
