package dev.planwatch.live;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The in-memory view follows the files: the cache can never serve a stale version. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ChangeDetectionTest {

    @jakarta.inject.Inject
    ChangeDetector detector;

    private static final Duration SOON = Duration.ofSeconds(5);

    private static String status(String... taskStatuses) {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < taskStatuses.length; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"id\": \"1.").append(i + 1)
                    .append("\", \"phase\": \"Phase 1: Go\", \"description\": \"t\", \"status\": \"").append(taskStatuses[i]).append("\"}");
        }
        return "{\"planName\": \"Live\", \"tasks\": [" + tasks + "]}";
    }

    @Test
    void whileTheWatchIsHealthyNoFileIsPolledEverySecond() {
        org.junit.jupiter.api.Assertions.assertEquals(DetectorMode.WATCH_AND_POLL, detector.mode());
        long before = detector.fullPolls();
        // The safety poll runs every 60 s: none may come in the next 2.5 s of a quiet workspace
        // (a second-by-second poll would bring two or three).
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(2500)).atMost(java.time.Duration.ofSeconds(4))
                .until(() -> detector.fullPolls() <= before + 1);
    }

    /**
     * A new plan's output directory and its status.json appear together (the directory's watch is
     * registered after the file is there): the plan is served with its status each time.
     */
    @Test
    void aStatusFileInANewOutputDirectoryIsSeenEveryTime() {
        for (int i = 0; i < 20; i++) {
            String plan = "live-newdir-" + i;
            Workspaces.writeAtomically("docs/plans/" + plan + ".md", "# New\n\n## Phase 1: Go\n- [ ] 1.1 a\n");
            Workspaces.writeAtomically("docs/plan-outputs/" + plan + "/status.json", status("completed", "pending"));
            await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/" + plan).then().statusCode(200)
                    .body("data.progress.percentage", equalTo(50)));
        }
        for (int i = 0; i < 20; i++) {
            Workspaces.deletePlan("live-newdir-" + i);
        }
        await().atMost(SOON).until(() -> given().get("/api/plans/live-newdir-19").statusCode() == 404);
    }

    @Test
    void atomicRenameIsSeen() {
        String file = "docs/plan-outputs/live-atomic/status.json";
        Workspaces.writeAtomically(file, status("pending", "pending"));
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-atomic").then().statusCode(200)
                .body("data.progress.percentage", equalTo(0)));
        Workspaces.writeAtomically(file, status("completed", "in_progress"));
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-atomic").then()
                .body("data.progress.percentage", equalTo(50))
                .body("data.currentTask.id", equalTo("1.2")));
        Workspaces.delete(file);
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-atomic").then().statusCode(404));
    }

    @Test
    void inPlaceWriteIsSeen() {
        String file = "docs/plan-outputs/live-inplace/status.json";
        Workspaces.writeInPlace(file, status("pending"));
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-inplace").then().statusCode(200)
                .body("data.status", equalTo("pending")));
        Workspaces.writeInPlace(file, status("completed"));
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-inplace").then()
                .body("data.status", equalTo("completed")));
        Workspaces.delete(file);
    }

    @Test
    void halfWrittenFileServesLastGoodParse() {
        String file = "docs/plan-outputs/live-torn/status.json";
        Workspaces.writeAtomically(file, status("completed", "pending"));
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-torn").then()
                .body("data.progress.percentage", equalTo(50))
                .body("data.statusError", nullValue()));
        Workspaces.writeInPlace(file, "{\"tasks\": [{\"id\": \"1.1\", \"sta");
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-torn").then().statusCode(200)
                .body("data.progress.percentage", equalTo(50))
                .body("data.statusError", notNullValue()));
        given().get("/api/plans").then().statusCode(200);
        Workspaces.writeInPlace(file, status("completed", "completed"));
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans/live-torn").then()
                .body("data.progress.percentage", equalTo(100))
                .body("data.statusError", nullValue()));
        Workspaces.delete(file);
    }

    @Test
    void planMarkdownAppearsAndDisappears() {
        Workspaces.writeAtomically("docs/plans/live-md.md", "# Live markdown\n\n## Phase 1: One\n- [ ] 1.1 x\n");
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans").then()
                .body("data.name", hasItem("live-md")));
        Workspaces.delete("docs/plans/live-md.md");
        await().atMost(SOON).untilAsserted(() -> given().get("/api/plans").then()
                .body("data.name", not(hasItem("live-md"))));
    }

    @Test
    void statusNeverWrittenByTheService() {
        String before = Workspaces.read("docs/plan-outputs/alpha/status.json");
        for (int i = 0; i < 5; i++) {
            given().get("/api/plans").then().statusCode(200);
            given().get("/api/plans/alpha").then().statusCode(200);
        }
        org.junit.jupiter.api.Assertions.assertEquals(before, Workspaces.read("docs/plan-outputs/alpha/status.json"));
    }
}
