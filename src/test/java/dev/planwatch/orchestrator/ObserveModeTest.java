package dev.planwatch.orchestrator;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Observe mode: reads and pushes work, control answers 409 CONTROL_DISABLED, liveness comes from heartbeats. */
@QuarkusTest
@TestProfile(ObserveProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ObserveModeTest {

    @Test
    void controlIsRefusedAndReadsWork() {
        given().get("/api/plans").then().statusCode(200).body("summary.totalPlans", equalTo(11));
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/md-only/start").then().statusCode(409)
                .body("code", equalTo("CONTROL_DISABLED"));
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/md-only/stop").then().statusCode(409)
                .body("code", equalTo("CONTROL_DISABLED"));
        given().post("/api/orchestrators/orch-seed/pause").then().statusCode(409).body("code", equalTo("CONTROL_DISABLED"));
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/md-only/tasks/1.1/skip").then().statusCode(409)
                .body("code", equalTo("CONTROL_DISABLED"));
        given().contentType(ContentType.JSON).post("/api/plans/md-only/tasks/1.1/retry").then().statusCode(409)
                .body("code", equalTo("CONTROL_DISABLED"));
    }

    @Test
    void freshHeartbeatStandsInForAProcessItCannotSee() {
        String original = Workspaces.read(".claude/orchestrator-registry.json");
        try {
            String now = Instant.now().toString();
            String stale = Instant.now().minus(Duration.ofMinutes(5)).toString();
            Workspaces.writeAtomically(".claude/orchestrator-registry.json", "{\"instances\": ["
                    + "{\"id\": \"o-fresh\", \"pid\": 999999, \"plan_path\": \"docs/plans/md-only.md\", \"worktree_path\": null,"
                    + " \"started_at\": \"" + now + "\", \"last_heartbeat\": \"" + now + "\", \"status\": \"running\", \"socket_path\": null, \"port\": null},"
                    + "{\"id\": \"o-stale\", \"pid\": 999998, \"plan_path\": \"docs/plans/empty-tasks.md\", \"worktree_path\": null,"
                    + " \"started_at\": \"" + stale + "\", \"last_heartbeat\": \"" + stale + "\", \"status\": \"running\", \"socket_path\": null, \"port\": null}]}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                given().get("/api/plans/md-only").then().body("data.orchestrator.running", equalTo(true));
                given().get("/api/plans/empty-tasks").then().body("data.orchestrator.status", equalTo("crashed"));
            });
        } finally {
            Workspaces.writeAtomically(".claude/orchestrator-registry.json", original);
        }
    }
}
