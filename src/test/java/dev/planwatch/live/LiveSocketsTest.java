package dev.planwatch.live;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;
import dev.planwatch.testing.WsClient;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LiveSocketsTest {

    @TestHTTPResource("/")
    URI base;

    private static String file(String plan) {
        return "docs/plan-outputs/" + plan + "/status.json";
    }

    @Test
    void planSocketSendsTheSeedStatusMessageThenEveryChange() {
        Workspaces.writeAtomically(file("ws-a"), Workspaces.statusJson("ws-a", "t0", "pending", "pending"));
        await().until(() -> io.restassured.RestAssured.get("/api/plans/ws-a").statusCode() == 200);
        try (WsClient client = WsClient.connect(base, "/ws/plans/ws-a")) {
            JsonNode initial = client.await(0, m -> true);
            assertEquals(Set.of("type", "plan", "status", "progress", "currentTask", "lastUpdatedAt", "timestamp"), fields(initial));
            assertEquals(Set.of("total", "completed", "pending", "in_progress", "failed", "percentage"), fields(initial.get("progress")));
            assertEquals("status", initial.get("type").asText());
            assertEquals("ws-a", initial.get("plan").asText());
            assertEquals("pending", initial.get("status").asText());
            assertTrue(initial.get("currentTask").isNull());

            Workspaces.writeAtomically(file("ws-a"), Workspaces.statusJson("ws-a", "t1", "completed", "in_progress"));
            JsonNode afterRename = client.await(1, m -> "t1".equals(m.path("lastUpdatedAt").asText()));
            assertEquals(50, afterRename.get("progress").get("percentage").asInt());
            assertEquals("1.2", afterRename.get("currentTask").get("id").asText());
            assertEquals("task 2", afterRename.get("currentTask").get("description").asText());
            assertEquals("2025-12-27T10:00:00Z", afterRename.get("currentTask").get("startedAt").asText());

            Workspaces.writeInPlace(file("ws-a"), Workspaces.statusJson("ws-a", "t2", "completed", "completed"));
            JsonNode afterInPlace = client.await(1, m -> "t2".equals(m.path("lastUpdatedAt").asText()));
            assertEquals("completed", afterInPlace.get("status").asText());

            Workspaces.delete(file("ws-a"));
            JsonNode gone = client.await(1, m -> "error".equals(m.path("type").asText()));
            assertEquals("PLAN_NOT_FOUND", gone.get("code").asText());
        }
    }

    @Test
    void planCreatedAfterSubscribingStartsPushing() {
        try (WsClient client = WsClient.connect(base, "/ws/plans/ws-later")) {
            JsonNode first = client.await(0, m -> true);
            assertEquals("error", first.get("type").asText());
            assertEquals("PLAN_NOT_FOUND", first.get("code").asText());
            Workspaces.writeAtomically(file("ws-later"), Workspaces.statusJson("ws-later", "born", "in_progress"));
            JsonNode born = client.await(1, m -> "status".equals(m.path("type").asText()));
            assertEquals("born", born.get("lastUpdatedAt").asText());
            assertEquals("in_progress", born.get("status").asText());
        } finally {
            Workspaces.delete(file("ws-later"));
        }
    }

    @Test
    void subscribersGetOnlyTheirPlan() {
        Workspaces.writeAtomically(file("ws-iso-a"), Workspaces.statusJson("ws-iso-a", "a0", "pending"));
        Workspaces.writeAtomically(file("ws-iso-b"), Workspaces.statusJson("ws-iso-b", "b0", "pending"));
        await().until(() -> io.restassured.RestAssured.get("/api/plans/ws-iso-b").statusCode() == 200);
        try (WsClient a = WsClient.connect(base, "/ws/plans/ws-iso-a")) {
            a.await(0, m -> true);
            Workspaces.writeAtomically(file("ws-iso-b"), Workspaces.statusJson("ws-iso-b", "b1", "completed"));
            Workspaces.writeAtomically(file("ws-iso-a"), Workspaces.statusJson("ws-iso-a", "a1", "completed"));
            a.await(1, m -> "a1".equals(m.path("lastUpdatedAt").asText()));
            assertTrue(a.payloads().stream().allMatch(m -> "ws-iso-a".equals(m.path("plan").asText())), a.payloads().toString());
        } finally {
            Workspaces.delete(file("ws-iso-a"));
            Workspaces.delete(file("ws-iso-b"));
        }
    }

    @Test
    void allSocketReceivesEveryOneOfTwentyWrites() {
        Workspaces.writeAtomically(file("ws-all"), Workspaces.statusJson("ws-all", "w-init", "pending"));
        await().until(() -> io.restassured.RestAssured.get("/api/plans/ws-all").statusCode() == 200);
        try (WsClient all = WsClient.connect(base, "/ws/all")) {
            JsonNode initial = all.await(0, m -> true);
            assertEquals("all-plans", initial.get("type").asText());
            assertTrue(initial.get("plans").size() >= 11);
            assertTrue(initial.get("aggregate").has("totalTasks"));
            for (int i = 0; i < 20; i++) {
                String marker = "w" + i;
                Workspaces.writeAtomically(file("ws-all"), Workspaces.statusJson("ws-all", marker, i % 2 == 0 ? "in_progress" : "pending"));
                JsonNode message = all.await(1, m -> marker.equals(m.path("lastUpdatedAt").asText()));
                assertEquals("status", message.get("type").asText());
                assertEquals("ws-all", message.get("plan").asText());
            }
            List<JsonNode> statuses = all.payloads().stream()
                    .filter(m -> "ws-all".equals(m.path("plan").asText()) && m.path("lastUpdatedAt").asText().matches("w\\d+")).toList();
            assertEquals(20, statuses.size(), "one message per write: " + statuses);
        } finally {
            Workspaces.delete(file("ws-all"));
        }
    }

    @Test
    void legacyAllPlansFormatResendsTheList() {
        try (WsClient legacy = WsClient.connect(base, "/ws/all?format=all-plans")) {
            legacy.await(0, m -> "all-plans".equals(m.path("type").asText()));
            Workspaces.writeAtomically(file("ws-legacy"), Workspaces.statusJson("ws-legacy", "l1", "completed"));
            JsonNode again = legacy.await(1, m -> "all-plans".equals(m.path("type").asText())
                    && m.path("plans").findValuesAsText("name").contains("ws-legacy"));
            assertTrue(again.get("aggregate").get("totalPlans").asInt() >= 12);
            assertTrue(legacy.payloads().stream().noneMatch(m -> "status".equals(m.path("type").asText())));
        } finally {
            Workspaces.delete(file("ws-legacy"));
        }
    }

    @Test
    void eventsSocketDerivesTaskAndPlanEvents() {
        Workspaces.writeAtomically(file("ws-events"), Workspaces.statusJson("ws-events", "e0", "pending", "pending"));
        await().until(() -> io.restassured.RestAssured.get("/api/plans/ws-events").statusCode() == 200);
        try (WsClient events = WsClient.connectEvents(base)) {
            Workspaces.writeAtomically(file("ws-events"), Workspaces.statusJson("ws-events", "e1", "in_progress", "pending"));
            JsonNode started = events.await(0, m -> "task:started".equals(m.path("type").asText()));
            assertEquals("ws-events", started.get("plan").asText());
            assertEquals("1.1", started.get("data").get("taskId").asText());
            assertTrue(started.has("orchestratorId") && started.has("timestamp"));
            JsonNode planStatus = events.await(0, m -> "plan:status".equals(m.path("type").asText()) && "ws-events".equals(m.path("plan").asText()));
            assertEquals("in_progress", planStatus.get("data").get("status").asText());
            assertEquals("pending", planStatus.get("data").get("previousStatus").asText());
            Workspaces.writeAtomically(file("ws-events"), Workspaces.statusJson("ws-events", "e2", "completed", "failed"));
            events.await(0, m -> "task:completed".equals(m.path("type").asText()));
            JsonNode failed = events.await(0, m -> "task:failed".equals(m.path("type").asText()));
            assertEquals("1.2", failed.get("data").get("taskId").asText());
        } finally {
            Workspaces.delete(file("ws-events"));
        }
    }

    @Test
    void aPlanThatAppearsIsAnnouncedWithItsStatusAndNoPreviousOne() {
        try (WsClient events = WsClient.connectEvents(base)) {
            Workspaces.writeAtomically(file("ws-appears"), Workspaces.statusJson("ws-appears", "a1", "in_progress", "pending"));
            JsonNode planStatus = events.await(0, m -> "plan:status".equals(m.path("type").asText()) && "ws-appears".equals(m.path("plan").asText()));
            assertEquals("in_progress", planStatus.get("data").get("status").asText());
            assertTrue(planStatus.get("data").get("previousStatus").isNull(), planStatus::toString);
            assertEquals(2, planStatus.get("data").get("progress").get("total").asInt());
        } finally {
            Workspaces.delete(file("ws-appears"));
        }
    }

    @Test
    void invalidPlanNameClosesWith1008() {
        try (WsClient client = WsClient.connect(base, "/ws/plans/-bad.md")) {
            assertEquals(1008, client.awaitClose().getCode());
        }
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
