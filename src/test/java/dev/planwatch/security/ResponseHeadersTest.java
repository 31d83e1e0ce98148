package dev.planwatch.security;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.LoudLogRecords;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The headers every answer carries (framing refused, a content security policy, no sniffing, no
 * referrer), how the page may be cached, and the envelope of the HTTP layer's own refusals.
 */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResponseHeadersTest {

    private static void assertSecured(Response response, String what) {
        assertEquals("DENY", response.header("X-Frame-Options"), what);
        String policy = response.header("Content-Security-Policy");
        assertNotNull(policy, what);
        assertTrue(policy.contains("frame-ancestors 'none'"), what + ": " + policy);
        assertEquals("nosniff", response.header("X-Content-Type-Options"), what);
        assertEquals("no-referrer", response.header("Referrer-Policy"), what);
    }

    @Test
    void everyAnswerRefusesFramingAndSniffingAndSendsNoReferrer() {
        for (String path : List.of("/", "/index.html", "/favicon.svg", "/api/plans", "/api/plans/alpha", "/api/plans/nope",
                "/q/health/ready", "/q/openapi", "/no/such/thing", "/api/plans/%2e%2e")) {
            assertSecured(given().get(path), path);
        }
        assertSecured(given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/tasks/1.1/skip"), "a POST");
        String page = given().get("/").header("Content-Security-Policy");
        for (String directive : List.of("default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                "connect-src 'self'")) {
            assertTrue(page.contains(directive), page);
        }
        assertTrue(!page.contains("unsafe"), "the page needs no inline script or style: " + page);
    }

    @Test
    void theHtmlIsRevalidatedWithAnEtagAndTheHashedBundlesAreImmutable() {
        for (String path : List.of("/", "/index.html")) {
            Response page = given().get(path);
            page.then().statusCode(200);
            assertEquals("no-cache", page.header("Cache-Control"), path);
            String tag = page.header("ETag");
            assertNotNull(tag, path);
            given().header("If-None-Match", tag).get(path).then().statusCode(304).header("ETag", tag).header("Cache-Control", "no-cache");
        }
        Matcher bundle = Pattern.compile("src=\"(/static/bundle/[^\"]+\\.js)\"").matcher(given().get("/").asString());
        assertTrue(bundle.find());
        String cache = given().get(bundle.group(1)).then().statusCode(200).extract().header("Cache-Control");
        assertTrue(cache.contains("immutable") && cache.contains("max-age"), cache);
        assertEquals("no-cache", given().get("/favicon.svg").header("Cache-Control"), "the icon is not content-hashed");
    }

    @Test
    void aMissingOrMalformedHostIsABadRequestInTheEnvelopeAndLogsNothing() throws Exception {
        try (LoudLogRecords loud = LoudLogRecords.capture()) {
            for (List<String> headers : List.of(List.<String>of(), List.of("Host: ["), List.of("Host: a b"))) {
                String answer = RawHttp.send("GET", "/api/plans", headers, null, 5000);
                assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
                assertTrue(answer.contains("\"code\":\"INVALID_REQUEST\"") && answer.contains("\"success\":false"), answer);
            }
            assertTrue(loud.records().isEmpty(), loud::describe);
        }
    }

    @Test
    void longTargetsAreRefusedInTheEnvelope() {
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/tasks/" + "1".repeat(5000) + "/skip")
                .then().statusCode(400).body("code", equalTo("INVALID_REQUEST")).body("success", equalTo(false));
        given().get("/api/plans/" + "a".repeat(10_000)).then().statusCode(414).body("code", equalTo("URI_TOO_LONG"))
                .body("success", equalTo(false));
    }
}
