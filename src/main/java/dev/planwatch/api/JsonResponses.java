package dev.planwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Arrays;

/**
 * Renders JSON bodies once with a strong ETag (a digest of the bytes) and answers
 * {@code If-None-Match} with 304.
 */
@ApplicationScoped
public class JsonResponses {

    /** A body rendered once and its entity tag. */
    public record Rendered(byte[] body, String etag) {
    }

    private final ObjectMapper mapper;

    public JsonResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Rendered render(Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            return new Rendered(bytes, etagOf(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response not serialisable", e);
        }
    }

    public Response ok(Rendered rendered, String ifNoneMatch) {
        if (matches(ifNoneMatch, rendered.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, rendered.etag()).build();
        }
        return Response.ok(rendered.body(), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, rendered.etag())
                .build();
    }

    public Response ok(Object body, String ifNoneMatch) {
        return ok(render(body), ifNoneMatch);
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
