package dev.planwatch.orchestrator;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Processes;
import dev.planwatch.testing.Workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control of an orchestrator with the real one's process layout, with real processes: the
 * registered process is a member, not the leader, of a process group whose leader has exited; each
 * task runs in a worker child of that group; SIGTERM only sets a flag; the plan run is the one
 * current-plan.txt names; a final run follows the unregistering. Every check of "no process left"
 * is made on the process group, not on the registered pid.
 */
@QuarkusTest
@TestProfile(OriginalLayoutProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OriginalLayoutControlTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Long> GROUPS = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopWhatIsLeft() {
        // One plan at a time runs in a checkout: a test that failed half-way must not fail the next.
        leaveNoProcessBehind();
    }

    @AfterAll
    static void leaveNoProcessBehind() {
        for (long group : GROUPS) {
            Processes.inGroup(group).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static void plan(String name, int tasks) {
        StringBuilder markdown = new StringBuilder("# Plan " + name + "\n\n## Phase 1: Work\n");
        for (int i = 1; i <= tasks; i++) {
            markdown.append("- [ ] 1.").append(i).append(" task ").append(i).append('\n');
        }
        Workspaces.writeAtomically("docs/plans/" + name + ".md", markdown.toString());
        await().until(() -> given().get("/api/plans/" + name).statusCode() == 200);
    }

    private static Response start(String plan, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans/" + plan + "/start");
    }

    private static Response stop(String plan, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans/" + plan + "/stop");
    }

    /** Starts the plan and returns the orchestrator's registered pid, its id and its process group. */
    private static Started started(String plan, String body) {
        Response response = start(plan, body);
        assertEquals(200, response.statusCode(), response.asString());
        long pid = response.jsonPath().getLong("orchestrator.pid");
        long group = Processes.groupOf(pid);
        GROUPS.add(group);
        return new Started(response.jsonPath().getString("orchestrator.id"), pid, group);
    }

    private record Started(String id, long pid, long group) {
    }

    /** Waits until a worker runs beside the orchestrator: the tree has two processes or more. */
    private static void awaitWorker(Started orchestrator) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/orchestrators/" + orchestrator.id()).then()
                .statusCode(200).body("data.processes.size()", greaterThanOrEqualTo(2)));
    }

    private static List<String> taskStatuses(String plan) throws IOException {
        JsonNode status = MAPPER.readTree(Workspaces.read("docs/plan-outputs/" + plan + "/status.json"));
        List<String> statuses = new ArrayList<>();
        status.get("tasks").forEach(task -> statuses.add(task.path("id").asText() + "=" + task.path("status").asText()));
        return statuses;
    }

    @Test
    void aGracefulStopEndsTheWorkerAndTheWholeGroup() throws IOException {
        plan("orig-graceful", 8);
        Started orchestrator = started("orig-graceful", "{}");
        assertNotEquals(orchestrator.pid(), orchestrator.group(), "the registered process does not lead its group, as the real one");
        assertTrue(Processes.environment(orchestrator.pid()).contains("PYTHONUNBUFFERED=1"), "unbuffered output by default");
        assertTrue(Processes.environment(orchestrator.pid()).contains("PLANWATCH_TEST_MARK=configured"), "the configured environment");
        awaitWorker(orchestrator);
        given().get("/api/orchestrators/" + orchestrator.id()).then()
                .body("data.processes.find { it.pid == " + orchestrator.pid() + " }.command", org.hamcrest.Matchers.containsString("demo-orchestrator"))
                .body("data.processes.command", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("demo-worker")));

        stop("orig-graceful", "{\"timeout\": 20}").then().statusCode(200)
                .body("orchestrator.forced", equalTo(false))
                .body("orchestrator.processesEnded", greaterThanOrEqualTo(2));
        assertEquals(List.of(), Processes.inGroup(orchestrator.group()), "no process of the group is left");
    }

    @Test
    void forcedStopsAndStopsAfterTheTimeoutLeaveNoProcessOfTheGroup() {
        plan("orig-forced", 8);
        Started forced = started("orig-forced", "{}");
        awaitWorker(forced);
        stop("orig-forced", "{\"force\": true}").then().statusCode(200).body("orchestrator.forced", equalTo(true));
        assertEquals(List.of(), Processes.inGroup(forced.group()));

        plan("orig-stubborn", 8);
        Started stubborn = started("orig-stubborn", "{}");
        awaitWorker(stubborn);
        stop("orig-stubborn", "{\"timeout\": 1}").then().statusCode(200).body("orchestrator.forced", equalTo(true));
        assertEquals(List.of(), Processes.inGroup(stubborn.group()));
    }

    @Test
    void theSurvivorsOfAKilledOrchestratorAreShownAndStopped() {
        plan("orig-slow", 3);
        Started orchestrator = started("orig-slow", "{}");
        awaitWorker(orchestrator);
        ProcessHandle.of(orchestrator.pid()).ifPresent(ProcessHandle::destroyForcibly);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().get("/api/plans/orig-slow").then()
                .body("data.orchestrator.status", equalTo("orphaned"))
                .body("data.orchestrator.running", equalTo(true)));
        given().get("/api/orchestrators/" + orchestrator.id()).then().statusCode(200)
                .body("data.lifecycle", equalTo("orphaned")).body("data.status", equalTo("failed"))
                .body("data.alive", equalTo(false))
                .body("data.processes.size()", greaterThanOrEqualTo(1))
                .body("data.processes.pid", not(org.hamcrest.Matchers.hasItem((int) orchestrator.pid())));
        start("orig-slow", "{}").then().statusCode(409).body("code", equalTo("ALREADY_RUNNING"));

        stop("orig-slow", "{\"timeout\": 5}").then().statusCode(200).body("orchestrator.processesEnded", greaterThanOrEqualTo(1));
        assertEquals(List.of(), Processes.inGroup(orchestrator.group()));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> given().get("/api/plans/orig-slow").then()
                .body("data.orchestrator.running", not(equalTo(true))));
    }

    @Test
    void theSurvivorsOfAKilledOrchestratorAreStoppedByItsId() {
        plan("orig-slow-by-id", 3);
        Started orchestrator = started("orig-slow-by-id", "{}");
        awaitWorker(orchestrator);
        ProcessHandle.of(orchestrator.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().get("/api/orchestrators/" + orchestrator.id()).then()
                .body("data.lifecycle", equalTo("orphaned")).body("data.status", equalTo("failed")));
        given().post("/api/orchestrators/" + orchestrator.id() + "/stop").then().statusCode(200)
                .body("message", org.hamcrest.Matchers.startsWith("Ended "));
        assertEquals(List.of(), Processes.inGroup(orchestrator.group()));
    }

    @Test
    void thePlanStartedIsThePlanThatRunsAndAnotherPlanWaitsForIt() throws IOException {
        plan("orig-wanted", 8);
        plan("orig-other", 2);
        String pointer = Workspaces.read(".claude/current-plan.txt");
        try {
            Workspaces.writeAtomically(".claude/current-plan.txt", "docs/plans/orig-other.md\n");
            Started orchestrator = started("orig-wanted", "{}");
            JsonNode entry = null;
            for (JsonNode e : MAPPER.readTree(Workspaces.read(".claude/orchestrator-registry.json")).get("instances")) {
                if (orchestrator.id().equals(e.path("id").asText())) {
                    entry = e;
                }
            }
            assertEquals("docs/plans/orig-wanted.md", entry.path("plan_path").asText(), "registered for the plan asked for");
            assertEquals("docs/plans/orig-wanted.md", Workspaces.read(".claude/current-plan.txt").strip());

            start("orig-other", "{}").then().statusCode(409)
                    .body("code", equalTo("WORKSPACE_BUSY"))
                    .body("details.runningPlan", equalTo("orig-wanted"));
            assertEquals("docs/plans/orig-wanted.md", Workspaces.read(".claude/current-plan.txt").strip(),
                    "a refused start leaves the pointer alone");
            stop("orig-wanted", "{\"force\": true}").then().statusCode(200);
        } finally {
            Workspaces.writeAtomically(".claude/current-plan.txt", pointer);
        }
    }

    @Test
    void anOrchestratorThatRegistersForAnotherPlanIsAFailedStartAndIsStopped() {
        plan("orig-astray", 4);
        plan("orig-astray-target", 4);
        start("orig-astray", "{}").then().statusCode(500)
                .body("code", equalTo("START_FAILED"))
                .body("details.registeredPlan", equalTo("orig-astray-target"));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> given().get("/api/plans/orig-astray-target").then()
                .body("data.orchestrator.running", not(equalTo(true))));
    }

    @Test
    void aStopWhilePausedStartsNoNewTask() throws IOException {
        plan("orig-paused", 8);
        Started orchestrator = started("orig-paused", "{}");
        awaitWorker(orchestrator);
        given().post("/api/orchestrators/" + orchestrator.id() + "/pause").then().statusCode(200);
        // The pause takes effect after the running task: wait until only the orchestrator is left.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/orchestrators/" + orchestrator.id()).then()
                .body("data.processes.size()", equalTo(1)));
        List<String> before = taskStatuses("orig-paused");
        assertFalse(before.stream().anyMatch(s -> s.endsWith("=in_progress")), before.toString());

        stop("orig-paused", "{\"timeout\": 20}").then().statusCode(200);
        assertEquals(List.of(), Processes.inGroup(orchestrator.group()));
        assertEquals(before, taskStatuses("orig-paused"), "no task changed state after the stop");
    }

    @Test
    void aCompletedPlanShowsItsFinalRunUntilItEnds() throws IOException {
        plan("orig-final", 1);
        Started orchestrator = started("orig-final", "{}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/plans/orig-final").then()
                .body("data.orchestrator.status", equalTo("completing"))
                .body("data.orchestrator.running", equalTo(true)));
        start("orig-final", "{}").then().statusCode(409).body("code", equalTo("ALREADY_RUNNING"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of(), Processes.inGroup(orchestrator.group())));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> given().get("/api/plans/orig-final").then()
                .body("data.orchestrator", org.hamcrest.Matchers.nullValue()));

        plan("orig-no-final", 1);
        Started without = started("orig-no-final", "{\"autoComplete\": false}");
        String argv = Files.readString(Path.of("/proc/" + without.pid() + "/cmdline")).replace('\0', ' ');
        assertTrue(argv.contains("--no-auto-complete"), argv);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of(), Processes.inGroup(without.group())));
        assertFalse(Workspaces.read("orchestrator-orig-no-final.log").contains("Running auto-complete"));
    }

    @Test
    void anEntryWithAForeignLivePidAndNoStartTimeIsUnverifiedAndNeverSignalled() throws IOException {
        plan("orig-foreign", 2);
        Process bystander = new ProcessBuilder("sleep", "60").start();
        String registry = Workspaces.read(".claude/orchestrator-registry.json");
        try {
            Workspaces.writeAtomically(".claude/orchestrator-registry.json", "{\"instances\": [{\"id\": \"orch-foreign\", \"pid\": "
                    + bystander.pid() + ", \"plan_path\": \"docs/plans/orig-foreign.md\", \"worktree_path\": null,"
                    + " \"last_heartbeat\": null, \"status\": \"running\", \"socket_path\": null, \"port\": null}]}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/orig-foreign").then()
                    .body("data.orchestrator.status", equalTo("unverified"))
                    .body("data.orchestrator.running", equalTo(false)));
            stop("orig-foreign", "{\"force\": true}").then().statusCode(404)
                    .body("code", equalTo("NOT_RUNNING"))
                    .body("details.reason", equalTo("unverified"));
            assertTrue(bystander.isAlive(), "a process not proven to be the orchestrator is never signalled");
        } finally {
            bystander.destroyForcibly();
            Workspaces.writeAtomically(".claude/orchestrator-registry.json", registry);
        }
    }
}
