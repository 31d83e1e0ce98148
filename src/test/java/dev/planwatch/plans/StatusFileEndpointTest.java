package dev.planwatch.plans;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code GET /api/plans/{name}/status-file}: the bytes of the plan's status.json as the
 * orchestrator wrote them (what a hub mirrors from a run's sidecar), with an ETag of those bytes.
 */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StatusFileEndpointTest {

    @Test
    void servesTheFileByteForByteWithItsTag() throws Exception {
        byte[] onDisk = Files.readAllBytes(Workspaces.path("docs/plan-outputs/alpha/status.json"));
        Response response = given().header("Accept-Encoding", "identity").get("/api/plans/alpha/status-file");
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("application/json", response.contentType().split(";")[0]);
        assertArrayEquals(onDisk, response.asByteArray(), "the file as it is, not a rendering of it");
        String etag = response.header("ETag");
        assertNotNull(etag);

        given().header("If-None-Match", etag).get("/api/plans/alpha/status-file").then().statusCode(304);
    }

    @Test
    void aChangedFileHasAnotherTag() {
        String plan = "sf-plan";
        Workspaces.writeAtomically("docs/plans/" + plan + ".md", "# SF\n\n## Phase 1: Go\n- [ ] 1.1 a\n");
        Workspaces.writeAtomically("docs/plan-outputs/" + plan + "/status.json", Workspaces.statusJson(plan, "t0", "pending"));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/plans/" + plan + "/status-file").statusCode() == 200);
            String first = given().get("/api/plans/" + plan + "/status-file").header("ETag");
            String changed = Workspaces.statusJson(plan, "t1", "completed");
            Workspaces.writeAtomically("docs/plan-outputs/" + plan + "/status.json", changed);
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/plans/" + plan + "/status-file").asString().equals(changed));
            assertNotEquals(first, given().get("/api/plans/" + plan + "/status-file").header("ETag"));
        } finally {
            Workspaces.deletePlan(plan);
        }
    }

    @Test
    void aPlanWithoutStatusOrUnknownIsAClear404() {
        given().get("/api/plans/md-only/status-file").then().statusCode(404).body("code", equalTo("STATUS_NOT_FOUND"));
        given().get("/api/plans/nope/status-file").then().statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
        given().get("/api/plans/..%2Fetc/status-file").then().statusCode(400);
    }

    @Test
    void aStatusFileThatIsALinkIsNotFollowed() throws Exception {
        String plan = "sf-link";
        Workspaces.writeAtomically("docs/plans/" + plan + ".md", "# L\n\n## Phase 1: Go\n- [ ] 1.1 a\n");
        Path outside = Files.createTempFile("outside", ".json");
        Files.writeString(outside, Workspaces.statusJson(plan, "t0", "pending"));
        Path link = Workspaces.path("docs/plan-outputs/" + plan + "/status.json");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, outside);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/plans/" + plan).statusCode() == 200);
            given().get("/api/plans/" + plan + "/status-file").then().statusCode(404).body("code", equalTo("STATUS_NOT_FOUND"));
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(outside);
            Workspaces.deletePlan(plan);
        }
    }
}
