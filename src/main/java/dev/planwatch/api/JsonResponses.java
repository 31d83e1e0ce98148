package dev.planwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Renders JSON bodies once with a strong ETag (a digest of the bytes), answers
 * {@code If-None-Match} with 304, and tells the HTTP layer's own compression (enabled with
 * {@code quarkus.http.enable-compression}) what to do. A reply under {@link #COMPRESSION_THRESHOLD}
 * bytes is sent as it is ({@code Content-Encoding: identity}): compressing it would save less than
 * it costs. A larger one is compressed when the client accepts gzip or deflate (gzip once per
 * rendered body, see {@link Rendered}; deflate by the HTTP layer), and its strong tag
 * then names the coding ({@code "<tag>-gzip"}): the compressed bytes are another representation,
 * and a strong tag promises the same bytes. {@code If-None-Match} accepts the tag of any coding of
 * the same content.
 */
@ApplicationScoped
public class JsonResponses {

    /** Replies smaller than this many bytes are never compressed. */
    public static final int COMPRESSION_THRESHOLD = 1024;

    /**
     * A body rendered once and its entity tag. Its gzip coding is made once too, when a client
     * first asks for it: a memoised reply (the list of 10,000 plans is 12 MB) is then compressed
     * once per version instead of once per request.
     */
    public static final class Rendered {
        private final byte[] body;
        private final String etag;
        private volatile byte[] gzipped;

        public Rendered(byte[] body, String etag) {
            this.body = body;
            this.etag = etag;
        }

        public byte[] body() {
            return body;
        }

        public String etag() {
            return etag;
        }

        /** The body in the gzip coding, made on first use. */
        byte[] gzipped() {
            byte[] coded = gzipped;
            if (coded == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8 + 64);
                try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
                    gzip.write(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                coded = out.toByteArray();
                gzipped = coded;
            }
            return coded;
        }
    }

    private final ObjectMapper mapper;
    private final HttpServerRequest request;

    public JsonResponses(ObjectMapper mapper, HttpServerRequest request) {
        this.mapper = mapper;
        this.request = request;
    }

    public Rendered render(Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            return new Rendered(bytes, etagOf(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response not serialisable", e);
        }
    }

    /** JSON bytes answered as they are (a file's), with the tag of those bytes. */
    public Rendered raw(byte[] json) {
        return new Rendered(json, etagOf(json));
    }

    public Response ok(Rendered rendered, String ifNoneMatch) {
        return answering(ifNoneMatch).apply(rendered);
    }

    /**
     * A way to answer the current request later, on another thread: what it needs of the request
     * is read now, on the request's own thread.
     */
    public java.util.function.Function<Rendered, Response> answering(String ifNoneMatch) {
        String acceptEncoding = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        return rendered -> ok(rendered, ifNoneMatch, acceptEncoding, http1);
    }

    /**
     * Over HTTP/1 a gzip reply is sent as coded once ({@link Rendered}); the HTTP layer leaves a
     * reply that has a Content-Encoding as it is. Over HTTP/2 that header instead asks the HTTP
     * layer to compress, so there it always does.
     */
    private Response ok(Rendered rendered, String ifNoneMatch, String acceptEncoding, boolean http1) {
        String coding = rendered.body().length < COMPRESSION_THRESHOLD ? null : coding(acceptEncoding);
        String etag = coding == null ? rendered.etag()
                : rendered.etag().substring(0, rendered.etag().length() - 1) + "-" + coding + "\"";
        if (matches(ifNoneMatch, rendered.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        if ("gzip".equals(coding) && http1) {
            return Response.ok(rendered.gzipped(), MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CONTENT_ENCODING, "gzip").build();
        }
        Response.ResponseBuilder ok = Response.ok(rendered.body(), MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, etag);
        if (coding == null) {
            ok.header(HttpHeaders.CONTENT_ENCODING, "identity");
        }
        return ok.build();
    }

    /**
     * The coding the HTTP layer will pick for {@code acceptEncoding}: gzip when accepted (or any
     * coding is), else deflate, else none; a coding listed with q=0 is refused.
     */
    static String coding(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        boolean gzip = false;
        boolean deflate = false;
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] fields = part.strip().split(";");
            String name = fields[0].strip();
            boolean refused = fields.length > 1 && fields[1].replace(" ", "").matches("q=0(\\.0*)?");
            if (!refused) {
                gzip |= name.equals("gzip") || name.equals("*");
                deflate |= name.equals("deflate");
            }
        }
        return gzip ? "gzip" : deflate ? "deflate" : null;
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
                .map(JsonResponses::withoutCoding)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    /** The tag of the content itself: a compressed representation's tag names its coding ({@code "<tag>-gzip"}). */
    private static String withoutCoding(String tag) {
        for (String suffix : new String[] {"-gzip\"", "-deflate\""}) {
            if (tag.endsWith(suffix)) {
                return tag.substring(0, tag.length() - suffix.length()) + "\"";
            }
        }
        return tag;
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
