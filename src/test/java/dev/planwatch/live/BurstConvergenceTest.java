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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client holds after a burst of writes with no pause between them: whichever versions the
 * detector read in between, every plan's last pushed state is its file's, and the plan:status events
 * chain from one read version to the next (each one's previous status is the last one's status), so
 * none is lost between them.
 */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BurstConvergenceTest {

    private static final int PLANS = 6;
    private static final int WRITES = 300;
    private static final String[] STATUSES = {"pending", "in_progress", "completed"};

    @TestHTTPResource("/")
    URI base;

    private static String plan(int i) {
        return "burst-" + i;
    }

    private static String file(String plan) {
        return "docs/plan-outputs/" + plan + "/status.json";
    }

    /** A plan's status as the service derives it from its tasks' statuses (one phase, no orchestrator). */
    private static String planStatus(String[] tasks) {
        if (Arrays.stream(tasks).allMatch("completed"::equals)) {
            return "completed";
        }
        return Arrays.stream(tasks).allMatch("pending"::equals) ? "pending" : "in_progress";
    }

    @Test
    void afterABurstEveryPlansLastPushedStateIsItsFileAndItsStatusEventsChain() {
        Map<String, String[]> last = new HashMap<>();
        Map<String, String> lastMarker = new HashMap<>();
        for (int i = 0; i < PLANS; i++) {
            String[] tasks = {"pending", "pending", "pending"};
            last.put(plan(i), tasks);
            lastMarker.put(plan(i), "start");
            Workspaces.writeAtomically(file(plan(i)), Workspaces.statusJson(plan(i), "start", tasks));
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> io.restassured.RestAssured.get("/api/plans/" + plan(PLANS - 1)).statusCode() == 200);
            try (WsClient all = WsClient.connect(base, "/ws/all"); WsClient events = WsClient.connectEvents(base)) {
                all.await(0, m -> "all-plans".equals(m.path("type").asText()));
                Random random = new Random(32);
                for (int w = 0; w < WRITES; w++) {
                    String plan = plan(random.nextInt(PLANS));
                    String[] tasks = new String[3];
                    for (int t = 0; t < tasks.length; t++) {
                        tasks[t] = STATUSES[random.nextInt(STATUSES.length)];
                    }
                    String marker = "b" + w;
                    last.put(plan, tasks);
                    lastMarker.put(plan, marker);
                    Workspaces.writeAtomically(file(plan), Workspaces.statusJson(plan, marker, tasks));
                }

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    for (String plan : last.keySet()) {
                        JsonNode pushed = lastOf(all.payloads(), plan, "status");
                        assertEquals(lastMarker.get(plan), pushed == null ? null : pushed.path("lastUpdatedAt").asText(), plan);
                    }
                });
                for (String plan : last.keySet()) {
                    String[] tasks = last.get(plan);
                    JsonNode pushed = lastOf(all.payloads(), plan, "status");
                    assertEquals(planStatus(tasks), pushed.path("status").asText(), plan);
                    assertEquals(Arrays.stream(tasks).filter("completed"::equals).count(),
                            pushed.path("progress").path("completed").asLong(), plan);
                    assertEquals(Arrays.stream(tasks).filter("in_progress"::equals).count(),
                            pushed.path("progress").path("in_progress").asLong(), plan);
                }
                // The events of the last version read are sent right after its /ws/all message.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    for (String plan : last.keySet()) {
                        List<JsonNode> chain = statusEvents(events.payloads(), plan);
                        String previous = "pending";
                        for (JsonNode event : chain) {
                            assertEquals(previous, event.path("data").path("previousStatus").asText(), plan + ": " + chain);
                            previous = event.path("data").path("status").asText();
                        }
                        assertEquals(planStatus(last.get(plan)), previous, plan + ": " + chain);
                    }
                });
                assertTrue(all.payloads().stream().noneMatch(m -> "error".equals(m.path("type").asText())), all.payloads()::toString);
            }
        } finally {
            for (int i = 0; i < PLANS; i++) {
                Workspaces.deletePlan(plan(i));
            }
        }
    }

    private static JsonNode lastOf(List<JsonNode> messages, String plan, String type) {
        JsonNode found = null;
        for (JsonNode message : messages) {
            if (type.equals(message.path("type").asText()) && plan.equals(message.path("plan").asText())) {
                found = message;
            }
        }
        return found;
    }

    private static List<JsonNode> statusEvents(List<JsonNode> messages, String plan) {
        List<JsonNode> chain = new ArrayList<>();
        for (JsonNode message : messages) {
            if ("plan:status".equals(message.path("type").asText()) && plan.equals(message.path("plan").asText())) {
                chain.add(message);
            }
        }
        return chain;
    }
}
