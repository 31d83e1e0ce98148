package dev.planwatch.security;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An exposed planwatch: every request but the health probes needs the token; one dashboard origin. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TokenAccessTest {

    private static final String BEARER = "Bearer " + SecuredProfile.TOKEN;

    @TestHTTPResource("/")
    URI base;

    @Test
    void requestsWithoutTheRightTokenAre401() {
        given().get("/api/plans").then().statusCode(401).body("code", equalTo("AUTH_REQUIRED"))
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong").get("/api/plans").then().statusCode(401);
        given().header("Authorization", "Basic " + SecuredProfile.TOKEN).get("/api/plans").then().statusCode(401);
        given().queryParam("access_token", "wrong").get("/api/plans/alpha").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(401);
        given().get("/api/plans/alpha/logs?follow=true").then().statusCode(401);
    }

    @Test
    void theRightTokenIsServed() {
        given().header("Authorization", BEARER).get("/api/plans").then().statusCode(200);
        given().header("Authorization", "bearer " + SecuredProfile.TOKEN).get("/api/plans/alpha").then().statusCode(200);
        given().queryParam("access_token", SecuredProfile.TOKEN).get("/api/plans/alpha/status").then().statusCode(200);
    }

    @Test
    void healthProbesNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/health").then().statusCode(200);
    }

    @Test
    void probesWithoutTheTokenShowOnlyTheirStatusAndWithItNoAbsolutePath() {
        for (String probe : List.of("/q/health", "/q/health/ready")) {
            String anonymous = given().get(probe).then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", org.hamcrest.Matchers.hasItem("workspace")).extract().asString();
            assertTrue(!anonymous.contains("\"data\"") && !anonymous.contains(Workspaces.root().toString())
                    && !anonymous.contains("plans") && !anonymous.contains("detector"), anonymous);
            String detailed = given().header("Authorization", BEARER).get(probe).then().statusCode(200)
                    .body("checks.find { it.name == 'workspace' }.data.plans", org.hamcrest.Matchers.greaterThan(0))
                    .extract().asString();
            assertTrue(!detailed.contains(Workspaces.root().toString()) && !detailed.contains("\"/"), "no absolute path: " + detailed);
        }
        given().get("/q/health/anything").then().statusCode(401);
        given().get("/q/health/well").then().statusCode(401);
    }

    @Test
    void anyHostMayCallWithTheToken() throws IOException {
        String response = RawHttp.send("GET", "/api/plans", "Host: planwatch.svc.cluster.local:3100", "Authorization: " + BEARER);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
    }

    @Test
    void configuredOriginGetsCorsAndOthersAreRefused() {
        given().header("Origin", SecuredProfile.DASHBOARD).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/plans/alpha/start").then().statusCode(204)
                .header("Access-Control-Allow-Origin", SecuredProfile.DASHBOARD)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        given().header("Origin", SecuredProfile.DASHBOARD).header("Authorization", BEARER).get("/api/plans").then()
                .statusCode(200).header("Access-Control-Allow-Origin", SecuredProfile.DASHBOARD).header("Vary", "Origin");
        given().header("Origin", SecuredProfile.DASHBOARD).header("Authorization", BEARER).contentType(ContentType.JSON)
                .body("{}").post("/api/plans/no-such-plan/start").then().statusCode(404);
        given().header("Origin", "http://dash.example:3001").header("Authorization", BEARER).contentType(ContentType.JSON)
                .body("{}").post("/api/plans/no-such-plan/start").then().statusCode(403).body("code", equalTo("FORBIDDEN_ORIGIN"));
    }

    @Test
    void webSocketsNeedTheTokenToo() {
        assertThrows(RuntimeException.class, () -> BasicWebSocketConnector.create().baseUri(base).path("/ws/plans/alpha")
                .connectAndAwait());
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocketClientConnection viaHeader = BasicWebSocketConnector.create().baseUri(base).path("/ws/plans/alpha")
                .addHeader("Authorization", BEARER).onTextMessage((c, m) -> received.add(m)).connectAndAwait();
        WebSocketClientConnection viaQuery = BasicWebSocketConnector.create()
                .baseUri(URI.create(base + "ws/events?access_token=" + SecuredProfile.TOKEN))
                .addHeader("Origin", SecuredProfile.DASHBOARD).connectAndAwait();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().anyMatch(m -> m.contains("\"type\":\"status\"")));
            assertTrue(viaQuery.isOpen());
        } finally {
            viaHeader.closeAndAwait();
            viaQuery.closeAndAwait();
        }
        assertThrows(RuntimeException.class, () -> BasicWebSocketConnector.create().baseUri(base).path("/ws/all")
                .addHeader("Authorization", BEARER).addHeader("Origin", "http://evil.example").connectAndAwait());
        assertTrue(RestAssured.port > 0);
    }
}
