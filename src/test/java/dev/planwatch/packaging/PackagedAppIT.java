package dev.planwatch.packaging;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Processes;
import dev.planwatch.testing.SseClient;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.port;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application (the jar, or the native binary with -Dnative): serves the workspace, pushes
 * changes over WebSocket and SSE, and its own demo orchestrator (the same jar or binary, re-launched)
 * starts, works and stops. With -Daot on a JDK 25 these requests are also the AOT cache's training run.
 * The clients are the JDK's: this JVM runs no Quarkus application to ask for one.
 */
@QuarkusIntegrationTest
@WithTestResource(FixtureWorkspace.class)
class PackagedAppIT {

    @Test
    void servesPlansHealthAndMetrics() {
        given().get("/api/plans").then().statusCode(200).body("data.name", hasItems("alpha", "big", "wt"));
        given().get("/api/plans/alpha").then().statusCode(200).body("data.name", equalTo("alpha"));
        given().get("/api/dashboard/summary").then().statusCode(200).body("data.plans.total", greaterThan(10));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/api/plans/..%2Fetc").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
    }

    @Test
    void servesThePageAndItsBundleFromThePackage() {
        String index = given().get("/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"))
                .extract().asString();
        assertTrue(index.contains("<pw-app>"), index);
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/static/bundle/[^\"]+\\.js)\"").matcher(index);
        assertTrue(script.find(), "the bundle is linked: " + index);
        given().get(script.group(1)).then().statusCode(200).body(org.hamcrest.Matchers.containsString("pw-app"));
        given().get("/favicon.svg").then().statusCode(200);
    }

    @Test
    void pushesStatusChangesOverWebSocketAndLogLinesOverSse() throws Exception {
        Path root = FixtureWorkspace.latestRoot();
        Path status = root.resolve("docs/plan-outputs/packaged-live/status.json");
        Files.writeString(root.resolve("docs/plans/packaged-live.md"), "# Packaged live\n\n## Phase 1: Go\n- [ ] 1.1 a\n- [ ] 1.2 b\n");
        Workspaces.writeAtomically(status, Workspaces.statusJson("packaged-live", "t0", "pending", "pending"));
        Path log = root.resolve("orchestrator-packaged-live.log");
        Files.writeString(log, "09:59:59 [INFO] started\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/plans/packaged-live").statusCode() == 200);

        List<String> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws/plans/packaged-live"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try (SseClient sse = new SseClient(URI.create("http://localhost:" + port + "/api/plans/packaged-live/logs?follow=true"), null)) {
            awaitMessage(messages, "t0");
            Workspaces.writeAtomically(status, Workspaces.statusJson("packaged-live", "t1", "completed", "pending"));
            awaitMessage(messages, "t1");

            assertTrue(sse.status() == 200, "log stream: " + sse.status());
            Files.writeString(log, "10:00:00 [INFO] from the packaged app\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.contents().stream().anyMatch(l -> l.contains("from the packaged app")));
        } finally {
            socket.abort();
        }
    }

    /** Waits for a status message of {@code lastUpdatedAt}; a failure says what the socket and the API had instead. */
    private static void awaitMessage(List<String> messages, String lastUpdatedAt) {
        String wanted = "\"lastUpdatedAt\":\"" + lastUpdatedAt + "\"";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(messages.stream().anyMatch(m -> m.contains(wanted)),
                () -> "no message with " + wanted + "; received " + messages + "; the API serves "
                        + given().get("/api/plans/packaged-live/status").asString()
                        + "; detector " + given().get("/q/health/ready").asString()));
    }

    @Test
    void theBuiltInDemoOrchestratorRunsFromThePackage() throws Exception {
        Path root = FixtureWorkspace.latestRoot();
        Files.writeString(root.resolve("docs/plans/packaged-demo.md"),
                "# Packaged demo\n\n## Phase 1: Work\n- [ ] 1.1 a\n- [ ] 1.2 b\n- [ ] 1.3 c\n- [ ] 1.4 d\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/plans/packaged-demo").statusCode() == 200);
        Response started = given().contentType(ContentType.JSON).body("{}").post("/api/plans/packaged-demo/start");
        started.then().statusCode(200).body("orchestrator.pid", greaterThan(1));
        long pid = started.jsonPath().getLong("orchestrator.pid");
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/plans/packaged-demo").then()
                    .body("data.orchestrator.running", equalTo(true))
                    .body("data.progress.completed", greaterThan(0)));
            given().contentType(ContentType.JSON).body("{}").post("/api/plans/packaged-demo/stop").then().statusCode(200)
                    .body("orchestrator.pid", equalTo((int) pid));
            assertTrue(Processes.exited(pid), "stopped");
            assertTrue(Files.readString(root.resolve("orchestrator-packaged-demo.log")).contains("Orchestrator"));
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
