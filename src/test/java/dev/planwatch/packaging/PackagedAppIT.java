package dev.planwatch.packaging;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Processes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application (the jar, or the native binary with -Dnative): serves the workspace, and
 * its own demo orchestrator (the same jar or binary, re-launched) starts, works and stops.
 */
@QuarkusIntegrationTest
@WithTestResource(FixtureWorkspace.class)
class PackagedAppIT {

    @Test
    void servesPlansHealthAndMetrics() {
        given().get("/api/plans").then().statusCode(200).body("data.name", hasItems("alpha", "big", "wt"));
        given().get("/api/plans/alpha").then().statusCode(200).body("data.name", equalTo("alpha"));
        given().get("/api/dashboard/summary").then().statusCode(200).body("plans.total", greaterThan(10));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/api/plans/..%2Fetc").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
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
