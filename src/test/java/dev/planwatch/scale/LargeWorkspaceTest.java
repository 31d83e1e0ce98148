package dev.planwatch.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.StatusRecords;
import dev.planwatch.testing.Workspaces;
import dev.planwatch.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2,000 plans with a task cache that holds a few of them: the list, details, tasks, activity
 * pages and live events are what a recount of the files gives, though nearly every plan's full
 * records were let go and read again.
 */
@QuarkusTest
@TestProfile(LargeWorkspaceProfile.class)
class LargeWorkspaceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    StatusRecords records;

    @Inject
    PlanCatalog catalog;

    @TestHTTPResource("/")
    URI base;

    private static JsonNode statusOf(String plan) throws IOException {
        return MAPPER.readTree(LargeWorkspaceProfile.workspace.resolve("docs/plan-outputs/" + plan + "/status.json").toFile());
    }

    private static String ending(String status) {
        return status.equals("failed") || status.equals("skipped") ? status : "completed";
    }

    @Test
    void everyPlanIsListedWithCountsRecountedFromItsFile() throws IOException {
        JsonPath list = given().get("/api/plans").then().statusCode(200).extract().jsonPath();
        List<String> names = list.getList("data.name");
        assertEquals(LargeWorkspaceProfile.PLANS, names.size());
        for (int p = 0; p < LargeWorkspaceProfile.PLANS; p += 7) {
            String name = LargeWorkspaceProfile.name(p);
            Map<String, Integer> counts = new java.util.HashMap<>();
            for (JsonNode task : statusOf(name).get("tasks")) {
                counts.merge(task.get("status").asText(), 1, Integer::sum);
            }
            int index = names.indexOf(name);
            assertEquals(LargeWorkspaceProfile.TASKS, list.getInt("data[" + index + "].progress.total"));
            for (String status : List.of("pending", "in_progress", "completed", "failed", "skipped")) {
                assertEquals(counts.getOrDefault(status, 0), list.getInt("data[" + index + "].progress." + status), name + " " + status);
            }
        }
    }

    @Test
    void tasksAndDetailsOfPlansWhoseRecordsWereLetGoEqualTheirFiles() throws IOException {
        for (int p = 0; p < LargeWorkspaceProfile.PLANS; p += 40) {
            String name = LargeWorkspaceProfile.name(p);
            JsonNode file = statusOf(name).get("tasks");
            JsonPath tasks = given().get("/api/plans/" + name + "/tasks").then().statusCode(200).extract().jsonPath();
            assertEquals(file.size(), tasks.getList("data").size());
            for (int t = 0; t < file.size(); t++) {
                JsonNode task = file.get(t);
                String at = "data[" + t + "].";
                assertEquals(task.get("id").asText(), tasks.getString(at + "id"));
                assertEquals(task.get("status").asText(), tasks.getString(at + "status"));
                assertEquals(task.get("description").asText(), tasks.getString(at + "description"));
                assertEquals(task.path("startedAt").asText(null), tasks.getString(at + "startedAt"));
                assertEquals(task.path("completedAt").asText(null), tasks.getString(at + "completedAt"));
            }
            JsonPath detail = given().get("/api/plans/" + name).then().statusCode(200).extract().jsonPath();
            assertEquals(5, detail.getList("data.phases[0].tasks").size());
            assertEquals(5, detail.getList("data.phases[1].tasks").size());
            assertEquals(file.get(7).get("description").asText(), detail.getString("data.phases[1].tasks[2].description"));
        }
        assertTrue(records.keptBytes() <= LargeWorkspaceProfile.TASK_CACHE_BYTES,
                "the records kept stay within the budget: " + records.keptBytes());
        String first = LargeWorkspaceProfile.name(0);
        assertTrue(records.cached(catalog.snapshot().plan(first).orElseThrow()).isEmpty(), "the first plan's records were let go");
    }

    /** One event of a plan's file: its id in the feed and its time. */
    private record Event(String id, long millis) {
    }

    /** Every plan's events merged newest first: ties keep plan order, then each plan's task order. */
    private static List<Event> expectedFeed() throws IOException {
        List<Event> all = new ArrayList<>();
        for (int p = 0; p < LargeWorkspaceProfile.PLANS; p++) {
            String name = LargeWorkspaceProfile.name(p);
            List<Event> own = new ArrayList<>();
            for (JsonNode task : statusOf(name).get("tasks")) {
                String id = task.get("id").asText();
                if (task.has("startedAt")) {
                    String at = task.get("startedAt").asText();
                    own.add(new Event(name + ":" + id + ":started:" + at, Instant.parse(at).toEpochMilli()));
                }
                if (task.has("completedAt")) {
                    String at = task.get("completedAt").asText();
                    own.add(new Event(name + ":" + id + ":" + ending(task.get("status").asText()) + ":" + at, Instant.parse(at).toEpochMilli()));
                }
            }
            own.sort(Comparator.comparingLong(Event::millis).reversed());
            all.addAll(own);
        }
        all.sort(Comparator.comparingLong(Event::millis).reversed());
        return all;
    }

    @Test
    void activityPagesFollowTheMergedOrderOfEveryPlansEvents() throws IOException {
        List<Event> feed = expectedFeed();
        int pageSize = 100;
        int lastPage = (feed.size() + pageSize - 1) / pageSize;
        for (int page : List.of(1, 2, 37, lastPage - 1, lastPage)) {
            JsonPath reply = given().queryParam("page", page).queryParam("pageSize", pageSize)
                    .get("/api/activity").then().statusCode(200).extract().jsonPath();
            List<String> expected = feed.subList((page - 1) * pageSize, Math.min(feed.size(), page * pageSize)).stream()
                    .map(Event::id).toList();
            assertEquals(expected, reply.getList("data.items.id"), "page " + page);
            assertEquals(feed.size(), reply.getInt("data.total"));
            assertEquals(page < lastPage, reply.getBoolean("data.hasMore"));
        }
        JsonPath descriptions = given().queryParam("pageSize", 5).get("/api/activity").then().statusCode(200).extract().jsonPath();
        for (String message : descriptions.<String>getList("data.items.message")) {
            assertTrue(message.contains(": some words so that the records have a size"), message);
        }
        String plan = LargeWorkspaceProfile.name(1234);
        List<String> own = feed.stream().map(Event::id).filter(id -> id.startsWith(plan + ":")).toList();
        assertEquals(own, given().queryParam("plan", plan).queryParam("pageSize", 100).get("/api/activity")
                .then().statusCode(200).extract().jsonPath().getList("data.items.id"));
    }

    @Test
    void aWriteToAPlanWhoseRecordsWereLetGoIsPushedWithItsTasksWords() throws IOException {
        String plan = LargeWorkspaceProfile.name(1999);
        for (int p = 0; p < 30; p++) {
            given().get("/api/plans/" + LargeWorkspaceProfile.name(p) + "/tasks").then().statusCode(200);
        }
        assertTrue(records.cached(catalog.snapshot().plan(plan).orElseThrow()).isEmpty(), "its records were let go");
        Path file = LargeWorkspaceProfile.workspace.resolve("docs/plan-outputs/" + plan + "/status.json");
        String before = Files.readString(file);
        JsonNode tasks = MAPPER.readTree(before).get("tasks");
        int pending = 0;
        while (!tasks.get(pending).get("status").asText().equals("pending")) {
            pending++;
        }
        String taskId = tasks.get(pending).get("id").asText();
        String description = tasks.get(pending).get("description").asText();
        String after = before.replace("\"description\": \"" + description + "\", \"status\": \"pending\"",
                "\"description\": \"" + description + "\", \"status\": \"in_progress\", \"startedAt\": \"2026-02-01T00:00:00Z\"");
        try (WsClient events = WsClient.connectEvents(base)) {
            Workspaces.writeAtomically(file, after);
            JsonNode started = events.await(0, m -> "task:started".equals(m.path("type").asText())
                    && plan.equals(m.path("plan").asText()));
            assertEquals(taskId, started.path("data").path("taskId").asText());
            assertEquals(description, started.path("data").path("description").asText());
            assertEquals("pending", started.path("data").path("previousStatus").asText());
            JsonNode activity = events.await(0, m -> "activity:new".equals(m.path("type").asText()) && plan.equals(m.path("plan").asText()));
            assertEquals(plan + ":" + taskId + ":started:2026-02-01T00:00:00Z", activity.path("data").path("id").asText());
        } finally {
            Workspaces.writeAtomically(file, before);
            int index = pending;
            await().atMost(Duration.ofSeconds(5)).until(() -> "pending".equals(given().get("/api/plans/" + plan + "/tasks")
                    .then().extract().jsonPath().getString("data[" + index + "].status")));
        }
    }
}
