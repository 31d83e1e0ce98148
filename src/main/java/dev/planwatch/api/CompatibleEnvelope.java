package dev.planwatch.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The {@link Envelope} for a reply whose body the original server sent bare: {@code data} is the
 * body, and the body's own keys stay at the top level as well, so the original's clients keep working.
 */
@RegisterForReflection
public record CompatibleEnvelope<T>(boolean success, T data, @JsonUnwrapped T original) {

    public static <T> CompatibleEnvelope<T> of(T body) {
        return new CompatibleEnvelope<>(true, body, body);
    }
}
