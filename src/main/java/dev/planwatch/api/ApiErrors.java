package dev.planwatch.api;

/**
 * How an endpoint declares the errors it can answer in the OpenAPI document: an extension
 * {@code x-planwatch-errors} on the operation listing {@link ErrorCode} names, e.g.
 * {@code @Extension(name = ApiErrors.EXTENSION, value = "INVALID_REQUEST,PLAN_NOT_FOUND")}. The
 * document's filter turns it into one response per HTTP status, each with the error envelope and the
 * codes of that status; the status comes from the code itself, so the two cannot disagree.
 */
public final class ApiErrors {

    public static final String EXTENSION = "x-planwatch-errors";

    private ApiErrors() {
    }
}
