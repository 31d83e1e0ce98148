package dev.planwatch.live;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;
import dev.planwatch.testing.WsClient;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code orchestrator:status} comes once per real change of status, never for a heartbeat; progress and activity events follow tasks. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OrchestratorEventsTest {

    private static final String REGISTRY = ".claude/orchestrator-registry.json";

    @Inject
    LiveHub hub;

    @TestHTTPResource("/")
    URI base;

    private static String registry(long pid, Instant startedAt, Instant heartbeat, String status) {
        return "{\"instances\": [{\"id\": \"orch-events\", \"pid\": " + pid + ", \"plan_path\": \"docs/plans/ev-plan.md\","
                + " \"worktree_path\": null, \"started_at\": \"" + startedAt + "\", \"last_heartbeat\": \"" + heartbeat + "\","
                + " \"status\": \"" + status + "\", \"socket_path\": null, \"port\": null}]}";
    }

    /** Events of this test's orchestrator only (rewriting the registry also removes the fixture's entries). */
    @Test
    void anUnknownOrchestratorGetsAnErrorAndTheSocketCloses() {
        try (WsClient unknown = WsClient.connect(base, "/ws/orchestrators/orch-nobody")) {
            JsonNode error = unknown.await(0, m -> "error".equals(m.path("type").asText()));
            assertEquals("ORCHESTRATOR_NOT_FOUND", error.path("code").asText());
            assertEquals(1008, unknown.awaitClose().getCode());
        }
    }

    private static long count(WsClient client, String type) {
        return client.messages().stream().filter(m -> type.equals(m.path("type").asText())
                && "orch-events".equals(m.path("orchestratorId").asText())).count();
    }

    @Test
    void oneStatusChangeIsOneEventAndHeartbeatsAreNone() throws IOException {
        String original = Workspaces.read(REGISTRY);
        Process process = new ProcessBuilder("sleep", "120").start();
        Instant started = process.toHandle().info().startInstant().orElseThrow();
        Workspaces.writeAtomically("docs/plan-outputs/ev-plan/status.json", Workspaces.statusJson("ev-plan", "t0", "pending", "pending"));
        await().until(() -> given().get("/api/plans/ev-plan").statusCode() == 200);
        try (WsClient events = WsClient.connectEvents(base)) {
            Workspaces.writeAtomically(REGISTRY, registry(process.pid(), started, Instant.now(), "running"));
            JsonNode running = events.await(0, m -> "orchestrator:status".equals(m.path("type").asText())
                    && "orch-events".equals(m.path("orchestratorId").asText()));
            assertEquals("running", running.path("data").path("status").asText());
            assertEquals("orch-events", running.path("orchestratorId").asText());

            // Ten heartbeats: the entry changes, its status does not.
            for (int i = 1; i <= 10; i++) {
                Instant beat = Instant.now().plusSeconds(i);
                Workspaces.writeAtomically(REGISTRY, registry(process.pid(), started, beat, "running"));
                // each heartbeat is seen (the served entry carries it) before the next is written
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/ev-plan").then()
                        .body("data.orchestrator.lastHeartbeat", equalTo(beat.toString())));
            }
            // A task starts: progress and activity events, and still no second status event; the
            // orchestrator's own socket gets its events too.
            int beforeOwn = hub.openConnections();
            WsClient own = WsClient.connect(base, "/ws/orchestrators/orch-events");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.openConnections() > beforeOwn);
            Workspaces.writeAtomically("docs/plan-outputs/ev-plan/status.json", Workspaces.statusJson("ev-plan", "t1", "in_progress", "pending"));
            try (own) {
                JsonNode ownStarted = own.await(0, m -> "task:started".equals(m.path("type").asText()));
                assertEquals("orch-events", ownStarted.path("orchestratorId").asText());
                assertEquals("ev-plan", ownStarted.path("plan").asText());
            }
            JsonNode progress = events.await(0, m -> "orchestrator:progress".equals(m.path("type").asText()));
            assertEquals("1.1", progress.path("data").path("currentTask").asText());
            assertEquals(2, progress.path("data").path("summary").path("totalTasks").asInt());
            JsonNode activity = events.await(0, m -> "activity:new".equals(m.path("type").asText()));
            assertEquals("task:started", activity.path("data").path("type").asText());
            assertEquals("1.1", activity.path("data").path("taskId").asText());
            assertEquals(1, count(events, "orchestrator:status"), "heartbeats are no status change");

            // Stopping is a finer step of running (no event); stopped is the dashboard's next state.
            Workspaces.writeAtomically(REGISTRY, registry(process.pid(), started, Instant.now(), "stopping"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/ev-plan").then()
                    .body("data.orchestrator.status", equalTo("stopping")));
            assertEquals(1, count(events, "orchestrator:status"), "stopping is still running for the dashboard");
            Workspaces.writeAtomically(REGISTRY, registry(process.pid(), started, Instant.now(), "stopped"));
            JsonNode stopped = events.await(0, m -> "orchestrator:status".equals(m.path("type").asText())
                    && "orch-events".equals(m.path("orchestratorId").asText()) && "stopped".equals(m.path("data").path("status").asText()));
            assertEquals("running", stopped.path("data").path("previousStatus").asText(), events.payloads().toString());
            assertEquals("stopped", stopped.path("data").path("lifecycle").asText());
            assertEquals("stopping", stopped.path("data").path("previousLifecycle").asText());
            assertEquals(2, count(events, "orchestrator:status"));
        } finally {
            process.destroyForcibly();
            Workspaces.writeAtomically(REGISTRY, original);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    given().get("/api/plans/ev-plan").then().body("data.orchestrator", equalTo(null)));
            Workspaces.deletePlan("ev-plan");
            await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/api/plans/ev-plan").statusCode() == 404);
        }
    }
}
