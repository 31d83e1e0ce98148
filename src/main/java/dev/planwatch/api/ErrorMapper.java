package dev.planwatch.api;

import dev.planwatch.registry.OrchestratorNotFoundException;
import dev.planwatch.workspace.InvalidInputException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The single place where failures become HTTP responses. Clients always get the envelope and
 * never a stack trace; unexpected failures are logged here with theirs.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return respond(e.code(), e.getMessage(), e.details());
    }

    /** Refused names and paths from the workspace layer: 400 naming the field when it is known. */
    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return respond(ErrorCode.INVALID_REQUEST, e.getMessage(), e.field() == null ? Map.of() : Map.of("field", e.field()));
    }

    @ServerExceptionMapper
    public Response orchestratorNotFound(OrchestratorNotFoundException e) {
        return respond(ErrorCode.ORCHESTRATOR_NOT_FOUND, e.getMessage(), Map.of("id", e.id()));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return respond(ErrorCode.INVALID_REQUEST, "Request body has the wrong shape", Map.of());
        }
        return respond(ErrorCode.INVALID_REQUEST, "Invalid value for field '" + field + "'", Map.of("field", field));
    }

    /** Quarkus maps this subtype itself (an empty 400) unless a mapper names it exactly. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonMapping(e);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e) {
        return jsonSyntax(e);
    }

    @ServerExceptionMapper
    public Response jsonSyntax(JsonProcessingException e) {
        return respond(ErrorCode.INVALID_REQUEST, "Request body is not valid JSON", Map.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return respond(ErrorCode.NOT_FOUND, "No such endpoint", Map.of());
        }
        if (e instanceof NotAllowedException) {
            return respond(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this endpoint", Map.of());
        }
        if (e instanceof NotSupportedException) {
            return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Request body must be application/json", Map.of());
        }
        if (e instanceof NotAcceptableException) {
            return respond(ErrorCode.NOT_ACCEPTABLE, "Only application/json is produced here", Map.of());
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 413) {
            return respond(ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large", Map.of());
        }
        if (status >= 400 && status < 500) {
            return respond(ErrorCode.INVALID_REQUEST, "Bad request", Map.of(), status);
        }
        LOG.error("Unexpected web application failure", e);
        return respond(ErrorCode.INTERNAL_ERROR, "Internal error", Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e.getCause() instanceof ApiException api) {
            return apiException(api);
        }
        if (e.getCause() instanceof InvalidInputException invalid) {
            return invalidInput(invalid);
        }
        if (e.getCause() instanceof OrchestratorNotFoundException notFound) {
            return orchestratorNotFound(notFound);
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("Failed to parse media type")) {
            // A malformed Content-Type or Accept header, refused by the REST layer while matching.
            return respond(ErrorCode.INVALID_REQUEST, "Malformed media type in Content-Type or Accept", Map.of());
        }
        LOG.error("Unexpected failure", e);
        return respond(ErrorCode.INTERNAL_ERROR, "Internal error", Map.of());
    }

    public static Response respond(ErrorCode code, String message, Map<String, Object> details) {
        return respond(code, message, details, code.httpStatus());
    }

    private static Response respond(ErrorCode code, String message, Map<String, Object> details, int status) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(code, message, details))
                .build();
    }
}
