package dev.planwatch.plans;

import dev.planwatch.testing.FixtureWorkspace;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PlansResourceTest {

    @Test
    void listsEveryPlanButNotReadmesOrArchives() {
        given().when().get("/api/plans").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("data.name", contains("all-failed", "alpha", "big", "broken", "done", "empty-tasks",
                        "findings-mix", "md-only", "rounding", "status-only", "wt"))
                .body("summary.totalPlans", equalTo(11))
                .body("summary.running", equalTo(0))
                .body("summary.pending", equalTo(3))
                .body("summary.inProgress", equalTo(6))
                .body("summary.completed", equalTo(1))
                .body("summary.failed", equalTo(1));
    }

    @Test
    void listItemCarriesDerivedValues() {
        given().when().get("/api/plans").then()
                .statusCode(200)
                .body("data.find { it.name == 'alpha' }.title", equalTo("Alpha plan (from status.json)"))
                .body("data.find { it.name == 'alpha' }.path", equalTo("docs/plans/alpha.md"))
                .body("data.find { it.name == 'alpha' }.status", equalTo("in_progress"))
                .body("data.find { it.name == 'alpha' }.progress.total", equalTo(7))
                .body("data.find { it.name == 'alpha' }.progress.percentage", equalTo(29))
                .body("data.find { it.name == 'alpha' }.currentPhase", equalTo("Phase 2: Verify"))
                .body("data.find { it.name == 'alpha' }.lastUpdatedAt", equalTo("2025-12-27T11:30:00.123456Z"))
                .body("data.find { it.name == 'alpha' }.orchestrator.status", equalTo("crashed"))
                .body("data.find { it.name == 'alpha' }.orchestrator.running", equalTo(false))
                .body("data.find { it.name == 'md-only' }.progress.total", equalTo(0))
                .body("data.find { it.name == 'md-only' }.lastUpdatedAt", nullValue())
                .body("data.find { it.name == 'broken' }.statusError", notNullValue())
                .body("data.find { it.name == 'done' }.statusError", nullValue());
    }

    @Test
    void filtersApplyBeforeCounting() {
        given().queryParam("status", "failed").when().get("/api/plans").then()
                .statusCode(200)
                .body("data.name", contains("all-failed"))
                .body("summary.totalPlans", equalTo(1))
                .body("summary.failed", equalTo(1))
                .body("summary.pending", equalTo(0));
        given().queryParam("worktree", "true").when().get("/api/plans").then()
                .statusCode(200)
                .body("data.name", contains("wt"));
        given().queryParam("worktree", "false").when().get("/api/plans").then()
                .statusCode(200)
                .body("data", hasSize(10));
        given().queryParam("status", "completed").queryParam("worktree", "false").when().get("/api/plans").then()
                .statusCode(200)
                .body("data.name", contains("done"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=running", "status=COMPLETED", "worktree=yes", "worktree=1",
            "status=pending&status=completed", "worktree=true&worktree=false"})
    void badFiltersAre400(String query) {
        given().when().get("/api/plans?" + query).then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("code", equalTo("INVALID_REQUEST"))
                .body("details.field", notNullValue());
    }

    @Test
    void emptyFilterMeansNoFilter() {
        given().when().get("/api/plans?status=&worktree=").then()
                .statusCode(200)
                .body("summary.totalPlans", equalTo(11));
    }

    @Test
    void detailDerivesEverythingFromTasks() {
        given().when().get("/api/plans/alpha").then()
                .statusCode(200)
                .body("data.name", equalTo("alpha"))
                .body("data.status", equalTo("in_progress"))
                .body("data.progress.total", equalTo(7))
                .body("data.progress.completed", equalTo(2))
                .body("data.progress.pending", equalTo(2))
                .body("data.progress.in_progress", equalTo(1))
                .body("data.progress.failed", equalTo(1))
                .body("data.progress.skipped", equalTo(1))
                .body("data.progress.percentage", equalTo(29))
                .body("data.phases.name", contains("Build", "2", "Infrastructure Setup", "Ship", "Unknown Phase"))
                .body("data.phases.number", contains(1, 2, 0, 3, 0))
                .body("data.phases.total", contains(2, 2, 1, 1, 1))
                .body("data.phases.completed", contains(2, 0, 0, 0, 0))
                .body("data.phases.percentage", contains(100, 0, 0, 0, 0))
                .body("data.currentTask.id", equalTo("V1"))
                .body("data.currentTask.description", equalTo("Verify step with a bare-number phase"))
                .body("data.currentTask.startedAt", equalTo("2025-12-27T11:00:00.654321Z"))
                .body("data.recentActivity.taskId", contains("V1", "SC-2", "VERIFY-1", "VERIFY-1", "1.2.3", "1.2.3", "1.1", "1.1"))
                .body("data.recentActivity.action", contains("started", "skipped", "failed", "started", "completed", "started", "completed", "started"))
                .body("data.worktree", nullValue())
                .body("data.statusFile", equalTo("docs/plan-outputs/alpha/status.json"))
                .body("data.statusError", nullValue());
    }

    @Test
    void recentActivityIsCappedAtTen() {
        given().when().get("/api/plans/big").then()
                .statusCode(200)
                .body("data.recentActivity", hasSize(10))
                .body("data.progress.total", equalTo(215))
                .body("data.progress.completed", equalTo(120))
                .body("data.progress.in_progress", equalTo(1))
                .body("data.progress.pending", equalTo(90))
                .body("data.progress.failed", equalTo(2))
                .body("data.progress.skipped", equalTo(2))
                .body("data.progress.percentage", equalTo(56));
    }

    @Test
    void planStatusFollowsTheRules() {
        given().get("/api/plans/all-failed").then().statusCode(200).body("data.status", equalTo("failed"));
        given().get("/api/plans/done").then().statusCode(200)
                .body("data.status", equalTo("completed"))
                .body("data.progress.percentage", equalTo(100))
                .body("data.orchestrator.id", equalTo("orch-seed"))
                .body("data.orchestrator.status", equalTo("stopped"))
                .body("data.orchestrator.mode", equalTo("continuous"))
                .body("data.orchestrator.running", equalTo(false));
        given().get("/api/plans/empty-tasks").then().statusCode(200)
                .body("data.status", equalTo("pending"))
                .body("data.progress.total", equalTo(0))
                .body("data.progress.percentage", equalTo(0))
                .body("data.phases", empty());
        given().get("/api/plans/rounding").then().statusCode(200)
                .body("data.progress.percentage", equalTo(63))
                .body("data.progress.pending", equalTo(3));
    }

    @Test
    void planWithOnlyMarkdownIsServed() {
        given().get("/api/plans/md-only").then().statusCode(200)
                .body("data.title", equalTo("Markdown only"))
                .body("data.status", equalTo("pending"))
                .body("data.progress.total", equalTo(0))
                .body("data.statusFile", nullValue());
    }

    @Test
    void planWithOnlyStatusIsServed() {
        given().get("/api/plans/status-only").then().statusCode(200)
                .body("data.title", equalTo("Status without markdown"))
                .body("data.status", equalTo("in_progress"))
                .body("data.phases[0].number", equalTo(1))
                .body("data.phases[0].name", equalTo("1"));
    }

    @Test
    void unreadableStatusIsReportedNot500() {
        given().get("/api/plans/broken").then().statusCode(200)
                .body("data.title", equalTo("Broken status"))
                .body("data.statusError", notNullValue())
                .body("data.progress.total", equalTo(0));
    }

    @Test
    void worktreePlanIsReadFromItsWorktree() {
        given().get("/api/plans/wt").then().statusCode(200)
                .body("data.title", equalTo("Worktree plan"))
                .body("data.status", equalTo("in_progress"))
                .body("data.progress.percentage", equalTo(50))
                .body("data.worktree.active", equalTo(true))
                .body("data.worktree.path", equalTo("worktrees/plan-wt"))
                .body("data.worktree.branch", equalTo("plan/wt"))
                .body("data.statusFile", equalTo("worktrees/plan-wt/docs/plan-outputs/wt/status.json"));
    }

    @Test
    void statusEndpoint() {
        given().get("/api/plans/alpha/status").then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.name", equalTo("alpha"))
                .body("data.status", equalTo("in_progress"))
                .body("data.progress.percentage", equalTo(29))
                .body("data.summary.totalTasks", equalTo(7))
                .body("data.summary.inProgress", equalTo(1))
                .body("data.tasks.id", contains("1.1", "1.2.3", "V1", "VERIFY-1", "SC-2", "3.2.A", "4.1"))
                .body("data.phases.name", hasItem("Unknown Phase"))
                .body("data.currentTask.id", equalTo("V1"))
                .body("data.orchestrator.status", equalTo("crashed"))
                .body("data.lastUpdatedAt", equalTo("2025-12-27T11:30:00.123456Z"));
    }

    @Test
    void phasesCarryTheirStatusAndTiming() {
        given().get("/api/plans/big").then().statusCode(200)
                .body("data.phases[0].number", equalTo(1))
                .body("data.phases[0].status", equalTo("completed"))
                .body("data.phases[0].startedAt", notNullValue())
                .body("data.phases[0].completedAt", notNullValue())
                .body("data.phases[0].tasks.size()", equalTo(given().get("/api/plans/big").jsonPath().getInt("data.phases[0].total")));
        given().get("/api/plans").then().statusCode(200)
                .body("data.find { it.name == 'big' }.phases[0].tasks", nullValue())
                .body("data.find { it.name == 'big' }.summary.totalTasks", equalTo(215));
    }

    @Test
    void tasksEndpointNormalises() {
        given().get("/api/plans/alpha/tasks").then().statusCode(200)
                .body("data.id", contains("1.1", "1.2.3", "V1", "VERIFY-1", "SC-2", "3.2.A", "4.1"))
                .body("data[1].description", equalTo("Task with title instead of description"))
                .body("data[3].error", equalTo("assertion failed"))
                .body("data[5].status", equalTo("pending"))
                .body("data[0].durationMs", equalTo(300000))
                .body("data[0].duration", equalTo(300000))
                .body("data[0].notes", equalTo("done"))
                .body("data[0].maxRetries", equalTo(2))
                .body("data[0].retryCount", equalTo(0))
                .body("data[6].phase", equalTo(0))
                .body("data[6].phaseName", nullValue());
    }

    @Test
    void historyNormalisesRuns() {
        given().get("/api/plans/alpha/history").then().statusCode(200)
                .body("data.runId", contains("run-1766631508812", "run_1766711432355"))
                .body("data[0].completedAt", equalTo("2025-12-20T11:00:00.000Z"))
                .body("data[1].completedAt", nullValue())
                .body("data[1].tasksFailed", equalTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/plans/nope", "/api/plans/nope/status", "/api/plans/nope/tasks",
            "/api/plans/nope/history", "/api/plans/nope/findings", "/api/plans/nope/findings/1.1", "/api/plans/README"})
    void unknownPlanIs404(String path) {
        given().get(path).then().statusCode(404)
                .body("success", equalTo(false))
                .body("code", equalTo("PLAN_NOT_FOUND"))
                .body("error", startsWith("Plan not found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/plans", "/api/plans/alpha", "/api/plans/alpha/status", "/api/plans/alpha/tasks",
            "/api/plans/alpha/history", "/api/plans/findings-mix/findings", "/api/plans/findings-mix/findings/1.1"})
    void everyPlanResourceHasAStrongEtag(String path) {
        String etag = given().get(path).then().statusCode(200).extract().header("ETag");
        org.junit.jupiter.api.Assertions.assertTrue(etag != null && etag.startsWith("\"") && etag.endsWith("\""), "strong ETag: " + etag);
        given().header("If-None-Match", etag).get(path).then().statusCode(304).header("ETag", equalTo(etag));
        given().header("If-None-Match", "\"other\", " + etag).get(path).then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get(path).then().statusCode(200);
    }

    @Test
    void healthAnswers() {
        given().get("/health").then().statusCode(200).body("status", equalTo("ok"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'workspace' }.data.detector", equalTo("WATCH_AND_POLL"))
                .body("checks.find { it.name == 'workspace' }.data.scanned", equalTo(true))
                .body("checks.find { it.name == 'workspace' }.data.firstScanMs", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("planwatch_detector_changes"))
                .body(org.hamcrest.Matchers.containsString("planwatch_detector_polls"))
                .body(org.hamcrest.Matchers.containsString("planwatch_ws_clients"))
                .body(org.hamcrest.Matchers.containsString("planwatch_push_latency_seconds"))
                .body(org.hamcrest.Matchers.containsString("planwatch_orchestrators_started_total"))
                .body(org.hamcrest.Matchers.containsString("planwatch_orchestrators_start_failed_total"))
                .body(org.hamcrest.Matchers.containsString("http_server_requests_seconds_count"));
    }
}
