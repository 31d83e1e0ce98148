package dev.planwatch.api;

import dev.planwatch.testing.FixtureWorkspace;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compressed replies, read with a client that does not decompress on its own. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CompressionTest {

    @TestHTTPResource("/")
    URI base;

    /** Asks for HTTP/2 (a cleartext upgrade), where the HTTP layer compresses. */
    private final HttpClient http2 = HttpClient.newHttpClient();
    /** HTTP/1.1, where a memoised reply's gzip coding is made once and sent as it is. */
    private final HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpClient client = http2;

    private HttpResponse<byte[]> get(String path, String acceptEncoding, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aCompressedListIsTheSameBytesWithItsOwnStrongTagAndBothEarnA304() throws Exception {
        client = http2;
        checkCompressedList();
    }

    @Test
    void overHttp1TheListCodedOnceIsTheSameBytesWithItsOwnStrongTagAndBothEarnA304() throws Exception {
        client = http1;
        checkCompressedList();
        HttpResponse<byte[]> again = get("/api/plans", "gzip", null);
        assertEquals("gzip", again.headers().firstValue("Content-Encoding").orElse(""));
    }

    private void checkCompressedList() throws Exception {
        HttpResponse<byte[]> plain = get("/api/plans", null, null);
        assertEquals(200, plain.statusCode());
        assertTrue(plain.body().length >= JsonResponses.COMPRESSION_THRESHOLD, "the list is large enough to compress: " + plain.body().length);
        assertFalse(plain.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent());
        String strong = plain.headers().firstValue("ETag").orElseThrow();
        assertTrue(strong.startsWith("\""), strong);

        HttpResponse<byte[]> gzipped = get("/api/plans", "gzip, deflate", null);
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(gzipped.body().length < plain.body().length, gzipped.body().length + " < " + plain.body().length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes(), "decompresses to the very bytes of the plain reply");
        }
        String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
        assertEquals(strong.substring(0, strong.length() - 1) + "-gzip\"", gzipTag, "a strong tag of its own");

        assertEquals(304, get("/api/plans", "gzip", gzipTag).statusCode());
        assertEquals(304, get("/api/plans", null, gzipTag).statusCode());
        assertEquals(304, get("/api/plans", null, strong).statusCode());
        assertEquals(304, get("/api/plans", "gzip", strong).statusCode());
    }

    @Test
    void smallRepliesAndRefusedCodingsAreNotCompressed() throws Exception {
        HttpResponse<byte[]> refused = get("/api/plans", "gzip;q=0, identity", null);
        assertFalse(refused.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent());
        assertFalse(refused.headers().firstValue("ETag").orElseThrow().contains("-gzip"));

        HttpResponse<byte[]> small = get("/api/plans?status=failed", "gzip", null);
        assertEquals(200, small.statusCode());
        assertTrue(small.body().length < JsonResponses.COMPRESSION_THRESHOLD, "a small reply: " + small.body().length);
        assertFalse(small.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent());
    }

    @Test
    void acceptEncodingIsReadAsWritten() {
        assertEquals("gzip", JsonResponses.coding("br, gzip"));
        assertEquals("gzip", JsonResponses.coding("deflate, gzip;q=0.8"));
        assertEquals("deflate", JsonResponses.coding("deflate;q=0.5"));
        assertEquals("deflate", JsonResponses.coding("gzip;q=0, deflate"));
        assertEquals(null, JsonResponses.coding("br"));
        assertEquals(null, JsonResponses.coding(null));
    }
}
