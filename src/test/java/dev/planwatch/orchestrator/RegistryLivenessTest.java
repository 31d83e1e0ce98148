package dev.planwatch.orchestrator;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;
import dev.planwatch.workspace.Timestamps;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Real processes, real registry files: what the catalog says about orchestrators. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RegistryLivenessTest {

    private static final String REGISTRY = ".claude/orchestrator-registry.json";

    private String original;
    private Process process;

    @BeforeEach
    void startProcess() throws IOException {
        original = Workspaces.read(REGISTRY);
        process = new ProcessBuilder("sleep", "120").start();
    }

    @AfterEach
    void restore() {
        process.destroyForcibly();
        Workspaces.writeAtomically(REGISTRY, original);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then().body("data.orchestrator", equalTo(null)));
    }

    private String entry(String plan, long pid, Instant startedAt, String status) {
        return "{\"id\": \"orch-test\", \"pid\": " + pid + ", \"plan_path\": \"docs/plans/" + plan + ".md\", \"worktree_path\": null,"
                + " \"started_at\": \"" + startedAt + "\", \"last_heartbeat\": \"" + Instant.now() + "\","
                + " \"status\": \"" + status + "\", \"socket_path\": null, \"port\": null}";
    }

    private Instant startOf(Process p) {
        return p.toHandle().info().startInstant().orElseThrow();
    }

    @Test
    void liveVerifiedProcessIsRunningAndLiftsAPendingPlan() {
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [" + entry("md-only", process.pid(), startOf(process), "running") + "]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then()
                        .body("data.orchestrator.running", equalTo(true))
                        .body("data.orchestrator.pid", equalTo((int) process.pid()))
                        .body("data.orchestrator.status", equalTo("running"))
                        .body("data.status", equalTo("in_progress")));
        given().get("/api/plans").then().body("summary.running", equalTo(1));
    }

    @Test
    void processDeathIsNoticedWithoutAnyFileChange() {
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [" + entry("md-only", process.pid(), startOf(process), "running") + "]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then().body("data.orchestrator.running", equalTo(true)));
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then()
                        .body("data.orchestrator.running", equalTo(false))
                        .body("data.orchestrator.status", equalTo("crashed"))
                        .body("data.status", equalTo("pending")));
    }

    @Test
    void recycledPidIsNotTheOrchestrator() {
        Instant longBefore = startOf(process).minus(Duration.ofHours(1));
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [" + entry("md-only", process.pid(), longBefore, "running") + "]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then()
                        .body("data.orchestrator.status", equalTo("crashed"))
                        .body("data.orchestrator.running", equalTo(false)));
    }

    @Test
    void pidOneAndOwnPidAreNeverRunning() {
        String self = entry("md-only", ProcessHandle.current().pid(), startOf(process), "running");
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [" + self + "]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then().body("data.orchestrator.status", equalTo("crashed")));
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [" + entry("md-only", 1, Instant.now(), "running") + "]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then()
                        .body("data.orchestrator.pid", equalTo(1))
                        .body("data.orchestrator.status", equalTo("crashed")));
    }

    @Test
    void seedShapeEntryIsRecognised() {
        String seed = "{\"id\": \"orch-12345\", \"plan\": \"md-only\", \"status\": \"running\", \"pid\": " + process.pid()
                + ", \"started_at\": \"" + Timestamps.format(startOf(process)) + "\", \"mode\": \"batch\"}";
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [" + seed + "]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then()
                        .body("data.orchestrator.id", equalTo("orch-12345"))
                        .body("data.orchestrator.running", equalTo(true))
                        .body("data.orchestrator.mode", equalTo("batch")));
    }

    @Test
    void brokenRegistryKeepsTheLastGoodView() {
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [" + entry("md-only", process.pid(), startOf(process), "running") + "]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/plans/md-only").then().body("data.orchestrator.running", equalTo(true)));
        Workspaces.writeInPlace(REGISTRY, "{\"instances\": [ {\"id\": ");
        given().get("/api/plans").then().statusCode(200);
        given().get("/api/plans/md-only").then().statusCode(200).body("data.orchestrator.running", equalTo(true));
    }
}
