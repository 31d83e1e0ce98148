package dev.planwatch.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The errors an endpoint can answer, stated on its resource method, e.g.
 * {@code @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.PLAN_NOT_FOUND})}: a code that does not
 * exist fails the compilation. The OpenAPI document's filter turns them into one response per HTTP
 * status, each with the error envelope and the codes of that status; the status comes from the code
 * itself, so the two cannot disagree. The errors every API request can meet (token, Origin, Host;
 * body type and size for a POST) are added to every operation and need not be named.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ErrorCodes {

    ErrorCode[] value();
}
