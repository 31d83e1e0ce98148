package dev.planwatch.security;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.WsClient;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default: loopback bind, no token; no web page may drive planwatch. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LoopbackAccessTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void foreignHostIsRefusedSoDnsRebindingGetsNothing() throws IOException {
        String response = RawHttp.send("GET", "/api/plans", "Host: attacker.example:" + RestAssured.port);
        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        assertTrue(response.contains("\"code\":\"FORBIDDEN_HOST\""), response);
        for (String host : new String[] {"localhost", "127.0.0.1", "[::1]", "app.localhost"}) {
            String ok = RawHttp.send("GET", "/health", "Host: " + host + ":" + RestAssured.port);
            assertTrue(ok.startsWith("HTTP/1.1 200"), host + ": " + ok);
        }
    }

    @Test
    void foreignOriginMayReadNothingAndChangeNothing() {
        given().header("Origin", "http://evil.example").contentType(ContentType.JSON).body("{}")
                .post("/api/plans/alpha/start").then().statusCode(403).body("code", equalTo("FORBIDDEN_ORIGIN"));
        given().header("Origin", "http://evil.example").post("/api/orchestrators/orch-seed/pause").then().statusCode(403);
        given().header("Origin", "null").contentType(ContentType.JSON).body("{}")
                .post("/api/plans/alpha/stop").then().statusCode(403);
        // A GET goes through but without CORS headers: the browser withholds the answer from the page.
        given().header("Origin", "http://evil.example").get("/api/plans").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/plans/alpha/start").then().statusCode(403);
    }

    @Test
    void sameOriginPageIsServed() {
        String self = RestAssured.baseURI + ":" + RestAssured.port;
        given().header("Origin", self).contentType(ContentType.JSON).body("{}")
                .post("/api/plans/no-such-plan/start").then().statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
    }

    @Test
    void webSocketFromForeignOriginIsRefused() {
        assertThrows(RuntimeException.class, () -> BasicWebSocketConnector.create().baseUri(base).path("/ws/all")
                .addHeader("Origin", "http://evil.example").connectAndAwait());
        try (WsClient client = WsClient.connect(base, "/ws/all")) {
            assertEquals("all-plans", client.await(0, m -> true).path("type").asText());
        }
    }
}
