package dev.planwatch.live;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;
import dev.planwatch.testing.WsClient;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the WatchService disabled the poll alone delivers every change; heartbeats flow. */
@QuarkusTest
@TestProfile(PollingOnlyProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PollingOnlyTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ChangeDetector detector;

    @Test
    void pollDeliversEveryChange() {
        assertEquals(DetectorMode.POLL_ONLY, detector.mode());
        String file = "docs/plan-outputs/poll-only/status.json";
        Workspaces.writeAtomically(file, Workspaces.statusJson("poll-only", "p0", "pending"));
        try (WsClient client = WsClient.connect(base, "/ws/plans/poll-only")) {
            client.await(0, m -> true);
            for (int i = 1; i <= 5; i++) {
                String marker = "p" + i;
                Workspaces.writeInPlace(file, Workspaces.statusJson("poll-only", marker, i % 2 == 0 ? "completed" : "pending"));
                JsonNode message = client.await(0, m -> marker.equals(m.path("lastUpdatedAt").asText()));
                assertEquals("status", message.get("type").asText());
            }
        } finally {
            Workspaces.delete(file);
        }
    }

    @Test
    void withoutAWatchEveryFileIsPolledEverySecond() {
        long before = detector.fullPolls();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> detector.fullPolls() >= before + 2);
    }

    @Test
    void heartbeatArrivesOnEverySocket() {
        try (WsClient all = WsClient.connect(base, "/ws/all"); WsClient events = WsClient.connect(base, "/ws/events")) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                    all.messages().stream().anyMatch(m -> "heartbeat".equals(m.path("type").asText()))
                            && events.messages().stream().anyMatch(m -> "heartbeat".equals(m.path("type").asText())));
            JsonNode beat = all.messages().stream().filter(m -> "heartbeat".equals(m.path("type").asText())).findFirst().orElseThrow();
            assertEquals(2, beat.size());
        }
    }

    @Test
    void notReadyWhileTheWorkspaceIsGone() throws java.io.IOException {
        java.nio.file.Path root = Workspaces.root();
        java.nio.file.Path aside = root.resolveSibling(root.getFileName() + "-aside");
        java.nio.file.Files.move(root, aside);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                    io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(503));
            io.restassured.RestAssured.given().get("/q/health/live").then().statusCode(200);
        } finally {
            java.nio.file.Files.move(aside, root);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                io.restassured.RestAssured.given().get("/api/plans").then().statusCode(200)
                        .body("summary.totalPlans", org.hamcrest.Matchers.equalTo(11)));
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }
}
