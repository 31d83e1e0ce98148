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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real orchestrator processes, real signals, the real registry file and its lock. */
@QuarkusTest
@TestProfile(ControlProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OrchestratorControlTest {

    private static final Set<String> REAL_KEYS = Set.of("id", "pid", "plan_path", "worktree_path", "started_at",
            "last_heartbeat", "status", "socket_path", "port");
    private static final List<Long> STARTED = new ArrayList<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @AfterAll
    static void leaveNoProcessBehind() {
        Processes.destroyTrees(STARTED);
    }

    private static void plan(String name) {
        Workspaces.writeAtomically("docs/plans/" + name + ".md",
                "# Plan " + name + "\n\n## Phase 1: Work\n- [ ] 1.1 first\n- [ ] 1.2 second\n- [ ] 1.3 third\n"
                        + "- [ ] 1.4 fourth\n- [ ] 1.5 fifth\n- [ ] 1.6 sixth\n- [ ] 1.7 seventh\n- [ ] 1.8 eighth\n");
        await().until(() -> given().get("/api/plans/" + name).statusCode() == 200);
    }

    private static Response start(String plan, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans/" + plan + "/start");
    }

    private static Response stop(String plan, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans/" + plan + "/stop");
    }

    private static JsonNode registry() throws IOException {
        return MAPPER.readTree(Workspaces.read(".claude/orchestrator-registry.json"));
    }

    private static long started(Response response) {
        long pid = response.jsonPath().getLong("orchestrator.pid");
        STARTED.add(pid);
        return pid;
    }

    private static void assertStrictlyReadable(JsonNode registry) {
        for (JsonNode entry : registry.get("instances")) {
            Set<String> keys = new java.util.HashSet<>();
            entry.fieldNames().forEachRemaining(keys::add);
            if (entry.has("plan_path")) {
                assertEquals(REAL_KEYS, keys, "a real-shape entry keeps exactly the nine keys: " + entry);
            }
        }
    }

    @Test
    void startIsConfirmedWithTheRegisteredPidThenStopEndsTheProcessGroup() throws IOException {
        plan("ctl-basic");
        Response response = start("ctl-basic", "{\"mode\": \"continuous\", \"unknownField\": 1, \"batchSize\": 2,"
                + " \"maxIterations\": 7, \"timeout\": 90}");
        response.then().statusCode(200)
                .body("success", equalTo(true))
                .body("orchestrator.id", notNullValue())
                .body("orchestrator.mode", equalTo("continuous"))
                .body("orchestrator.logFile", equalTo("orchestrator-ctl-basic.log"));
        long pid = started(response);
        JsonNode entry = findEntry(registry(), response.jsonPath().getString("orchestrator.id"));
        assertEquals(pid, entry.get("pid").asLong(), "the reply carries the registered (daemonised) pid");
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Workspaces.read("orchestrator-ctl-basic.log").contains("Daemon started with PID " + pid));
        String argv = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        assertTrue(argv.contains("--plan docs/plans/ctl-basic.md") && argv.contains("--continuous")
                && argv.contains("--batch-size 2") && argv.contains("--max-iterations 7") && argv.contains("--timeout 90"), argv);

        start("ctl-basic", "{}").then().statusCode(409)
                .body("code", equalTo("ALREADY_RUNNING"))
                .body("details.existingPid", equalTo((int) pid));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/plans/ctl-basic").then()
                .body("data.progress.completed", org.hamcrest.Matchers.greaterThan(0))
                .body("data.orchestrator.running", equalTo(true)));

        stop("ctl-basic", "{\"timeout\": 10}").then().statusCode(200)
                .body("orchestrator.pid", equalTo((int) pid))
                .body("orchestrator.forced", equalTo(false))
                .body("orchestrator.stoppedAt", notNullValue());
        assertTrue(Processes.exited(pid), "process gone");
        assertStrictlyReadable(registry());
        // A clean exit removes the entry (as the real orchestrator does): no running orchestrator is left.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/ctl-basic").then()
                .body("data.orchestrator.running", org.hamcrest.Matchers.not(equalTo(true))));
        stop("ctl-basic", "{}").then().statusCode(404).body("code", equalTo("NOT_RUNNING"));
    }

    @Test
    void concurrentStartsGiveOneSuccessAndOneConflict() throws Exception {
        plan("ctl-race");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Response> call = () -> start("ctl-race", "{}");
            List<Future<Response>> results = pool.invokeAll(List.of(call, call));
            List<Integer> codes = new ArrayList<>();
            for (Future<Response> result : results) {
                Response r = result.get();
                codes.add(r.statusCode());
                if (r.statusCode() == 200) {
                    started(r);
                } else {
                    assertEquals("ALREADY_RUNNING", r.jsonPath().getString("code"));
                }
            }
            codes.sort(null);
            assertEquals(List.of(200, 409), codes);
        } finally {
            pool.shutdownNow();
        }
        stop("ctl-race", "{\"force\": true}").then().statusCode(200).body("orchestrator.forced", equalTo(true));
    }

    @Test
    void childThatExitsAtOnceIsStartFailedWithItsLogTail() {
        plan("ctl-fail-fast");
        start("ctl-fail-fast", "{}").then().statusCode(500)
                .body("code", equalTo("START_FAILED"))
                .body("details.exitCode", equalTo(2))
                .body("details.logTail", hasItem(org.hamcrest.Matchers.containsString("unrecognized arguments")));
    }

    @Test
    void orchestratorIgnoringSigtermIsKilledAfterTheTimeout() {
        plan("ctl-stubborn");
        long pid = started(start("ctl-stubborn", "{}").then().statusCode(200).extract().response());
        long begin = System.nanoTime();
        stop("ctl-stubborn", "{\"timeout\": 1}").then().statusCode(200).body("orchestrator.forced", equalTo(true));
        assertTrue(Duration.ofNanos(System.nanoTime() - begin).compareTo(Duration.ofSeconds(1)) >= 0, "waited the timeout first");
        assertTrue(Processes.exited(pid), "killed");
    }

    @Test
    void processThatNeverRegistersCountsAsStartedAfterTheGrace() {
        plan("ctl-silent");
        Response response = start("ctl-silent", "{}");
        response.then().statusCode(200).body("orchestrator.id", equalTo(null));
        long pid = started(response);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void recycledPidIsNeverSignalled() throws IOException {
        plan("ctl-recycled");
        Process bystander = new ProcessBuilder("sleep", "60").start();
        STARTED.add(bystander.pid());
        String original = Workspaces.read(".claude/orchestrator-registry.json");
        try {
            Instant longBefore = bystander.toHandle().info().startInstant().orElseThrow().minus(Duration.ofHours(2));
            Workspaces.writeAtomically(".claude/orchestrator-registry.json", "{\"instances\": [{\"id\": \"orch-old\", \"pid\": "
                    + bystander.pid() + ", \"plan_path\": \"docs/plans/ctl-recycled.md\", \"worktree_path\": null, \"started_at\": \""
                    + longBefore + "\", \"last_heartbeat\": \"" + longBefore + "\", \"status\": \"running\", \"socket_path\": null, \"port\": null}]}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/ctl-recycled").then()
                    .body("data.orchestrator.status", equalTo("crashed")));
            stop("ctl-recycled", "{\"force\": true}").then().statusCode(404).body("code", equalTo("NOT_RUNNING"));
            assertTrue(bystander.isAlive(), "a process that is not the orchestrator is never signalled");
        } finally {
            bystander.destroyForcibly();
            Workspaces.writeAtomically(".claude/orchestrator-registry.json", original);
        }
    }

    @Test
    void pauseAndResumeOverTheRealSocket() {
        plan("ctl-ipc");
        Response response = start("ctl-ipc", "{}");
        started(response);
        String id = response.jsonPath().getString("orchestrator.id");
        Response pause = given().post("/api/orchestrators/" + id + "/pause");
        assertEquals(200, pause.statusCode(), pause.asString() + "\n" + Workspaces.read("orchestrator-ctl-ipc.log"));
        pause.then().body("message", equalTo("Paused"));
        given().get("/api/orchestrators/" + id).then().statusCode(200).body("data.paused", equalTo(true)).body("data.alive", equalTo(true))
                .body("data.status", equalTo("paused")).body("data.lifecycle", equalTo("running"));
        given().post("/api/orchestrators/" + id + "/resume").then().statusCode(200).body("message", equalTo("Resumed"));
        given().get("/api/orchestrators").then().statusCode(200).body("data.find { it.id == '" + id + "' }.paused", equalTo(false));
        // Tasks come from status.json, which the orchestrator writes at its first step.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/orchestrators/" + id + "/tasks").then()
                .statusCode(200).body("data.size()", equalTo(8)).body("data[0].id", equalTo("1.1")));
        given().post("/api/orchestrators/" + id + "/stop").then().statusCode(200).body("message", equalTo("Shutdown initiated"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/plans/ctl-ipc").then()
                .body("data.orchestrator", equalTo(null)));
        given().post("/api/orchestrators/nope/pause").then().statusCode(404).body("code", equalTo("ORCHESTRATOR_NOT_FOUND"));
    }

    @Test
    void theListAsksEveryLiveOrchestratorForItsPausedState() {
        plan("ctl-list-a");
        plan("ctl-list-b");
        Response a = start("ctl-list-a", "{}");
        started(a);
        Response b = start("ctl-list-b", "{}");
        started(b);
        String idA = a.jsonPath().getString("orchestrator.id");
        String idB = b.jsonPath().getString("orchestrator.id");
        given().post("/api/orchestrators/" + idA + "/pause").then().statusCode(200);
        given().get("/api/orchestrators").then().statusCode(200)
                .body("data.find { it.id == '" + idA + "' }.paused", equalTo(true))
                .body("data.find { it.id == '" + idB + "' }.paused", equalTo(false))
                .body("data.find { it.id == '" + idB + "' }.alive", equalTo(true));
        stop("ctl-list-a", "{\"force\": true}").then().statusCode(200);
        stop("ctl-list-b", "{\"force\": true}").then().statusCode(200);
    }

    @Test
    void theDashboardsStartDialogStartsByPlanPath() {
        plan("ctl-dialog");
        Response response = given().contentType(ContentType.JSON)
                .body("{\"planPath\": \"docs/plans/ctl-dialog.md\", \"config\": {\"batchSize\": 3, \"maxIterations\": 10}}")
                .post("/api/orchestrators");
        started(response);
        stop("ctl-dialog", "{\"force\": true}").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").post("/api/orchestrators").then().statusCode(400)
                .body("details.field", equalTo("planPath"));
        given().contentType(ContentType.JSON).body("{\"plan\": \"../x\"}").post("/api/orchestrators").then().statusCode(400)
                .body("details.field", equalTo("plan"));
        given().contentType(ContentType.JSON).body("{\"planPath\": \"docs/plans/nope.md\"}").post("/api/orchestrators").then()
                .statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
        given().get("/api/orchestrators/nope/tasks").then().statusCode(404).body("code", equalTo("ORCHESTRATOR_NOT_FOUND"));
    }

    @Test
    void badBodiesAre4xx() {
        plan("ctl-bodies");
        given().contentType(ContentType.TEXT).body("{}").post("/api/plans/ctl-bodies/start").then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        start("ctl-bodies", "{not json").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        start("ctl-bodies", "{\"autonomous\": \"false\"}").then().statusCode(400).body("details.field", equalTo("autonomous"));
        start("ctl-bodies", "{\"tasks\": \"1.1\"}").then().statusCode(400).body("details.field", equalTo("tasks"));
        start("ctl-bodies", "{\"tasks\": [\"../x\"]}").then().statusCode(400).body("details.field", equalTo("tasks"));
        start("ctl-bodies", "{\"mode\": \"forever\"}").then().statusCode(400).body("details.field", equalTo("mode"));
        start("ctl-bodies", "{\"batchSize\": 0}").then().statusCode(400).body("details.field", equalTo("batchSize"));
        start("ctl-bodies", "{\"timeout\": \"60\"}").then().statusCode(400).body("details.field", equalTo("timeout"));
        start("ctl-bodies", "{\"maxIterations\": 1.5}").then().statusCode(400).body("details.field", equalTo("maxIterations"));
        start("no-such-plan", "{}").then().statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
        stop("ctl-bodies", "{\"timeout\": 0}").then().statusCode(400).body("details.field", equalTo("timeout"));
        given().contentType(ContentType.JSON).body("{\"tasks\": [\"" + "x".repeat(70_000) + "\"]}")
                .post("/api/plans/ctl-bodies/start").then().statusCode(413);
    }

    private static JsonNode findEntry(JsonNode registry, String id) {
        for (Iterator<JsonNode> it = registry.get("instances").elements(); it.hasNext(); ) {
            JsonNode entry = it.next();
            if (id.equals(entry.path("id").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no registry entry " + id + " in " + registry);
    }

    @Test
    void anOrchestratorWhoseRegistryEntryIsDeletedIsStillKnownAndStoppable() throws IOException {
        plan("ctl-lost");
        Response response = start("ctl-lost", "{}");
        response.then().statusCode(200);
        long pid = started(response);
        String id = response.jsonPath().getString("orchestrator.id");
        String registry = Workspaces.read(".claude/orchestrator-registry.json");
        try {
            java.nio.file.Files.delete(Workspaces.path(".claude/orchestrator-registry.json"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/orchestrators").then()
                    .body("data.find { it.id == '" + id + "' }.registered", equalTo(false))
                    .body("data.find { it.id == '" + id + "' }.alive", equalTo(true)));
            start("ctl-lost", "{}").then().statusCode(409)
                    .body("code", equalTo("ALREADY_RUNNING"))
                    .body("details.existingPid", equalTo((int) pid));
            stop("ctl-lost", "{}").then().statusCode(200).body("orchestrator.pid", equalTo((int) pid));
            assertTrue(Processes.exited(pid));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/ctl-lost").then()
                    .body("data.orchestrator", org.hamcrest.Matchers.nullValue()));
        } finally {
            if (!java.nio.file.Files.exists(Workspaces.path(".claude/orchestrator-registry.json"))) {
                Workspaces.writeAtomically(".claude/orchestrator-registry.json", registry);
            }
        }
    }
}
