package dev.planwatch.security;

import dev.planwatch.testing.FixtureWorkspace;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.EncoderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BadInputTest {

    /** Sent byte for byte: RestAssured would re-encode or normalise these paths. */
    private static String rawGet(String path) throws IOException {
        return RawHttp.send("GET", path, "Host: 127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/plans/..%2F..%2Fetc%2Fpasswd",
            "/api/plans/..%2f..%2fsecret/logs",
            "/api/plans/%2e%2e",
            "/api/plans/%2E%2E/status",
            "/api/plans/alpha/findings/..%2F..%2F..%2Fetc",
            "/api/plans/alpha/findings/%2e%2e",
            "/api/plans/a%00b",
            "/api/plans/%5c..%5cx",
            "/api/plans/alpha/../../etc/passwd",
            "/api/plans/x.md",
            "/api/plans/-leading-dash",
            "/api/plans/.hidden",
            "/api/plans/alpha/findings/.x",
            "/api/plans/%E0%A4%A",
            "/api/plans/%ZZ",
            "/api/plans/%C3%28"})
    void traversalAndMalformedNamesAre400(String path) throws IOException {
        String response = rawGet(path);
        assertTrue(response.startsWith("HTTP/1.1 400"), path + " -> " + response);
        assertFalse(response.contains("Exception"), "no stack trace: " + response);
        assertFalse(response.contains("root:"), "nothing from outside the workspace: " + response);
    }

    @Test
    void overLongNamesAre400() {
        given().get("/api/plans/" + "a".repeat(129)).then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        given().get("/api/plans/" + "a".repeat(128)).then().statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
        given().get("/api/plans/alpha/findings/" + "1".repeat(65)).then().statusCode(400).body("details.field", equalTo("taskId"));
    }

    @Test
    void pathErrorsCarryTheEnvelope() throws IOException {
        String response = rawGet("/api/plans/%2e%2e");
        assertTrue(response.contains("\"code\":\"INVALID_REQUEST\""), response);
        assertTrue(response.contains("\"success\":false"), response);
    }

    @Test
    void unknownEndpointsAndMethodsUseTheEnvelope() {
        given().get("/api/nothing").then().statusCode(404).body("code", equalTo("NOT_FOUND")).body("success", equalTo(false));
        given().get("/api/plans/alpha/nothing").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().delete("/api/plans/alpha").then().statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED"));
        given().post("/api/plans").then().statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void weirdHeadersAndQueriesNeverFail() {
        given().config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("x", io.restassured.http.ContentType.TEXT)))
                .header("If-None-Match", "\u0000garbage, W/").queryParam("unknown", "x").get("/api/plans/alpha")
                .then().statusCode(200).body(not(containsString("Exception")));
        given().header("Accept", "text/html").get("/api/plans").then().statusCode(406).body("code", equalTo("NOT_ACCEPTABLE"));
    }
}
