package dev.planwatch.dashboard;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DashboardTest {

    private static JsonPath get(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath();
    }

    /** The {@code data} of a reply in the {@code {success, data}} envelope. */
    private static JsonPath data(String path) {
        JsonPath reply = get(path);
        assertEquals(Boolean.TRUE, reply.get("success"), path);
        return reply.setRootPath("data");
    }

    @Test
    void summaryAgreesWithThePlanList() {
        JsonPath list = get("/api/plans");
        JsonPath summary = data("/api/dashboard/summary");
        List<Map<String, Object>> plans = list.getList("data");
        assertEquals(plans.size(), summary.getInt("plans.total"));
        assertEquals(count(plans, "completed"), summary.getInt("plans.completed"));
        assertEquals(count(plans, "failed"), summary.getInt("plans.failed"));
        int tasks = 0;
        int completed = 0;
        int failed = 0;
        for (Map<String, Object> plan : plans) {
            @SuppressWarnings("unchecked")
            Map<String, Integer> progress = (Map<String, Integer>) plan.get("progress");
            tasks += progress.get("total");
            completed += progress.get("completed");
            failed += progress.get("failed");
        }
        assertEquals(tasks, summary.getInt("tasks.total"));
        assertEquals(completed, summary.getInt("tasks.completed"));
        assertEquals(failed, summary.getInt("tasks.failed"));
        assertEquals(0, summary.getInt("orchestrators.running"));
        assertTrue(summary.getList("recentActivity").size() <= 10);
        assertEquals(data("/api/activity?pageSize=10").getList("items"), summary.getList("recentActivity"));
    }

    @Test
    void activityIsEveryPlansEventsNewestFirstAndPaginates() {
        JsonPath all = data("/api/activity?pageSize=100");
        int total = all.getInt("total");
        int perPlan = 0;
        for (String plan : get("/api/plans").<String>getList("data.name")) {
            perPlan += data("/api/activity?plan=" + plan).getInt("total");
        }
        assertEquals(perPlan, total, "the feed is the union of every plan's events");
        assertTrue(total > 20, "the fixtures have events");
        List<String> stamps = all.getList("items.timestamp");
        for (int i = 1; i < stamps.size(); i++) {
            assertFalse(Instant.parse(normalise(stamps.get(i))).isAfter(Instant.parse(normalise(stamps.get(i - 1)))),
                    "newest first at " + i);
        }
        JsonPath first = data("/api/activity?page=1&pageSize=5");
        JsonPath second = data("/api/activity?page=2&pageSize=5");
        List<Object> joined = new ArrayList<>(first.getList("items"));
        joined.addAll(second.getList("items"));
        assertEquals(data("/api/activity?pageSize=10").getList("items"), joined);
        assertTrue(first.getBoolean("hasMore"));
        assertEquals(5, first.getInt("pageSize"));
        assertEquals(2, second.getInt("page"));
        JsonPath beyond = data("/api/activity?page=1000&pageSize=100");
        assertEquals(0, beyond.getList("items").size());
        assertFalse(beyond.getBoolean("hasMore"));
        JsonPath last = data("/api/activity?page=" + ((total + 9) / 10) + "&pageSize=10");
        assertFalse(last.getBoolean("hasMore"));
        assertEquals(data("/api/activity?plan=done").getInt("total"), data("/api/activity?orchestratorId=orch-seed").getInt("total"),
                "an orchestrator's activity is its plan's");
    }

    @Test
    void badParametersAre400NamingThem() {
        given().get("/api/activity?page=0").then().statusCode(400).body("details.field", equalTo("page"));
        given().get("/api/activity?page=x").then().statusCode(400).body("details.field", equalTo("page"));
        given().get("/api/activity?pageSize=101").then().statusCode(400).body("details.field", equalTo("pageSize"));
        given().get("/api/activity?pageSize=1&pageSize=2").then().statusCode(400).body("details.field", equalTo("pageSize"));
        given().get("/api/activity?plan=../etc").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        given().get("/api/activity?plan=nope").then().statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
        given().get("/api/activity?orchestratorId=nope").then().statusCode(404).body("code", equalTo("ORCHESTRATOR_NOT_FOUND"));
        given().get("/api/activity?orchestratorId=%3Cscript%3E").then().statusCode(400);
    }

    @Test
    void aTaskCompletedNowShowsUpAtOnce() throws Exception {
        int before = data("/api/dashboard/summary").getInt("tasks.completedToday");
        String now = Instant.now().toString();
        String started = Instant.now().minusSeconds(5).toString();
        Path dir = Workspaces.path("docs/plan-outputs/dash-live");
        Files.createDirectories(dir);
        Workspaces.writeAtomically("docs/plan-outputs/dash-live/status.json", "{\"planPath\": \"docs/plans/dash-live.md\","
                + " \"tasks\": [{\"id\": \"1.1\", \"phase\": \"Phase 1\", \"description\": \"done now\", \"status\": \"completed\","
                + " \"startedAt\": \"" + started + "\", \"completedAt\": \"" + now + "\"}]}");
        try {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonPath feed = data("/api/activity?pageSize=1");
                assertEquals("dash-live", feed.getString("items[0].plan"));
                assertEquals("completed", feed.getString("items[0].action"));
                assertEquals(before + 1, data("/api/dashboard/summary").getInt("tasks.completedToday"));
            });
        } finally {
            // The fixture workspace is shared with other test classes: leave it as it was.
            Files.deleteIfExists(dir.resolve("status.json"));
            Files.deleteIfExists(dir);
            await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/api/plans/dash-live").statusCode() == 404);
        }
    }

    private static long count(List<Map<String, Object>> plans, String status) {
        return plans.stream().filter(p -> status.equals(p.get("status"))).count();
    }

    /** Fixture timestamps come in the real variants (naive, offset); naive ones are UTC. */
    private static String normalise(String stamp) {
        String s = stamp.replace(' ', 'T');
        return s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(s).toInstant().toString() : s + "Z";
    }
}
