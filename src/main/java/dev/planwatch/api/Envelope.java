package dev.planwatch.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every JSON success reply under {@code /api/}: {@code {success: true, data}}. A client
 * that unwraps {@code data} gets the same kind of value from every endpoint. Replies that carry
 * more top-level keys (the plan list's {@code summary}, a start's {@code message}) are records of
 * their own with these two fields first.
 */
@RegisterForReflection
public record Envelope<T>(boolean success, T data) {

    public static <T> Envelope<T> of(T data) {
        return new Envelope<>(true, data);
    }
}
