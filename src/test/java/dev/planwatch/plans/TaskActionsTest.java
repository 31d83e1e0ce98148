package dev.planwatch.plans;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Skip and retry against real status.json files, with the status tools' lock held by another writer. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TaskActionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final java.util.List<String> MADE = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void removeThePlansMade() {
        for (String name : MADE) {
            Workspaces.deletePlan(name);
            await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/api/plans/" + name).statusCode() == 404);
        }
        MADE.clear();
    }

    /** A plan whose status.json has keys planwatch does not know, at the top and in a task. */
    private static void plan(String name) {
        MADE.add(name);
        Workspaces.writeAtomically("docs/plans/" + name + ".md", "# " + name + "\n\n## Phase 1: Work\n- [ ] 1.1 a\n- [ ] 1.2 b\n- [ ] 1.3 c\n");
        Workspaces.writeAtomically("docs/plan-outputs/" + name + "/status.json", "{\n  \"planPath\": \"docs/plans/" + name + ".md\",\n"
                + "  \"planName\": \"" + name + "\",\n  \"lastUpdatedAt\": \"2026-01-01T00:00:00.000Z\",\n  \"customTopKey\": {\"kept\": true},\n"
                + "  \"tasks\": [\n"
                + "    {\"id\": \"1.1\", \"phase\": \"Phase 1: Work\", \"description\": \"a\", \"status\": \"completed\", \"completedAt\": \"2026-01-01T00:00:00.000Z\"},\n"
                + "    {\"id\": \"1.2\", \"phase\": \"Phase 1: Work\", \"description\": \"b\", \"status\": \"pending\", \"customTaskKey\": 7},\n"
                + "    {\"id\": \"1.3\", \"phase\": \"Phase 1: Work\", \"description\": \"c\", \"status\": \"failed\", \"lastError\": \"boom\","
                + " \"startedAt\": \"2026-01-01T00:00:00.000Z\", \"completedAt\": \"2026-01-01T00:01:00.000Z\", \"retryCount\": 1}\n"
                + "  ],\n  \"summary\": {\"totalTasks\": 3, \"completed\": 1, \"pending\": 1, \"in_progress\": 0, \"failed\": 1, \"skipped\": 0}\n}");
        await().until(() -> given().get("/api/plans/" + name).statusCode() == 200);
    }

    private static JsonNode status(String name) throws IOException {
        return MAPPER.readTree(Workspaces.read("docs/plan-outputs/" + name + "/status.json"));
    }

    private static JsonNode task(JsonNode status, String id) {
        for (JsonNode task : status.get("tasks")) {
            if (id.equals(task.path("id").asText())) {
                return task;
            }
        }
        throw new AssertionError("no task " + id);
    }

    private static Response skip(String plan, String task, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans/" + plan + "/tasks/" + task + "/skip");
    }

    private static Response retry(String plan, String task) {
        return given().contentType(ContentType.JSON).post("/api/plans/" + plan + "/tasks/" + task + "/retry");
    }

    @Test
    void skipAndRetryChangeTheFileAsTheStatusToolsDoAndKeepEveryKey() throws IOException {
        plan("ta-basic");
        skip("ta-basic", "1.2", "{\"reason\": \"not needed\"}").then().statusCode(200)
                .body("success", equalTo(true))
                .body("message", equalTo("Task 1.2 skipped"))
                .body("data.id", equalTo("1.2"))
                .body("data.status", equalTo("skipped"));
        JsonNode after = status("ta-basic");
        assertTrue(after.path("customTopKey").path("kept").asBoolean(), "unknown top-level key kept");
        assertEquals(7, task(after, "1.2").path("customTaskKey").asInt(), "unknown task key kept");
        assertEquals("not needed", task(after, "1.2").path("skipReason").asText());
        assertTrue(task(after, "1.2").has("completedAt"));
        assertEquals(1, after.path("summary").path("skipped").asInt());
        assertEquals(0, after.path("summary").path("pending").asInt());
        assertFalse(after.path("lastUpdatedAt").asText().startsWith("2026-01-01"), "lastUpdatedAt set");
        String written = Workspaces.read("docs/plan-outputs/ta-basic/status.json");
        assertTrue(written.startsWith("{\n  \"planPath\": ") && !written.endsWith("\n"), "JSON.stringify(status, null, 2) style");

        retry("ta-basic", "1.3").then().statusCode(200).body("data.status", equalTo("pending"));
        JsonNode retried = task(status("ta-basic"), "1.3");
        assertEquals(2, retried.path("retryCount").asInt());
        assertFalse(retried.has("lastError") || retried.has("startedAt") || retried.has("completedAt"), retried.toString());

        retry("ta-basic", "1.2").then().statusCode(200).body("data.status", equalTo("pending"));
        // The plan's progress follows the write, as for any other writer.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/ta-basic").then()
                .body("data.progress.pending", equalTo(2)));
    }

    @Test
    void wrongStatesAndUnknownTasksAreRefusedWithTheirCodes() throws IOException {
        plan("ta-refused");
        skip("ta-refused", "1.1", "{}").then().statusCode(409).body("code", equalTo("TASK_NOT_SKIPPABLE")).body("details.status", equalTo("completed"));
        retry("ta-refused", "1.2").then().statusCode(409).body("code", equalTo("TASK_NOT_RETRYABLE"));
        retry("ta-refused", "1.3").then().statusCode(200);
        skip("ta-refused", "1.3", "{}").then().statusCode(200);
        retry("ta-refused", "1.3").then().statusCode(409).body("code", equalTo("TASK_NOT_RETRYABLE"))
                .body("error", org.hamcrest.Matchers.containsString("retried 2 times"));
        skip("ta-refused", "9.9", "{}").then().statusCode(404).body("code", equalTo("TASK_NOT_FOUND"));
        skip("no-such-plan", "1.1", "{}").then().statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
        skip("ta-refused", "..", "{}").then().statusCode(400);
        skip("ta-refused", "1.2", "{\"reason\": \"" + "x".repeat(1001) + "\"}").then().statusCode(400).body("details.field", equalTo("reason"));
        assertEquals("pending", task(status("ta-refused"), "1.2").path("status").asText(), "nothing changed by the refusals");
    }

    @Test
    void aWriterHoldingTheLockIsWaitedForAndNotOverwritten() throws Exception {
        plan("ta-lock");
        Path lock = Workspaces.path("docs/plan-outputs/ta-lock/status.json.lock");
        Files.createDirectory(lock);
        CompletableFuture<Response> skipping = CompletableFuture.supplyAsync(() -> skip("ta-lock", "1.2", "{}"));
        try {
            // The other writer changes the file while it holds the lock.
            String content = Workspaces.read("docs/plan-outputs/ta-lock/status.json").replace("\"customTopKey\"", "\"otherWriter\": 1, \"customTopKey\"");
            Files.writeString(Workspaces.path("docs/plan-outputs/ta-lock/status.json"), content);
        } finally {
            Files.delete(lock);
        }
        assertEquals(200, skipping.get().statusCode(), skipping.get().asString());
        JsonNode after = status("ta-lock");
        assertEquals(1, after.path("otherWriter").asInt(), "the other writer's change survives");
        assertEquals("skipped", task(after, "1.2").path("status").asText());
        assertFalse(Files.exists(lock), "the lock is released");
    }

    @Test
    void aLockHeldTooLongIs503AndAStaleOneIsTakenOver() throws IOException {
        plan("ta-held");
        Path lock = Workspaces.path("docs/plan-outputs/ta-held/status.json.lock");
        Files.createDirectory(lock);
        try {
            skip("ta-held", "1.2", "{}").then().statusCode(503).body("code", equalTo("STATUS_LOCKED"));
            assertEquals("pending", task(status("ta-held"), "1.2").path("status").asText());
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
            skip("ta-held", "1.2", "{}").then().statusCode(200);
            assertEquals("skipped", task(status("ta-held"), "1.2").path("status").asText());
        } finally {
            Files.deleteIfExists(lock);
        }
    }

    @Test
    void aRetriedTaskCarriesNoResultOfItsPreviousAttempt() throws IOException {
        plan("ta-clean");
        String failed = Workspaces.read("docs/plan-outputs/ta-clean/status.json").replace("\"lastError\": \"boom\",",
                "\"lastError\": \"boom\", \"error\": \"old failure\", \"failedAt\": \"2026-01-01T00:01:00.000Z\", \"skipReason\": \"earlier\",");
        Workspaces.writeAtomically("docs/plan-outputs/ta-clean/status.json", failed);
        await().until(() -> given().get("/api/plans/ta-clean/tasks").asString().contains("old failure"));

        retry("ta-clean", "1.3").then().statusCode(200).body("data.status", equalTo("pending"))
                .body("data.error", org.hamcrest.Matchers.nullValue()).body("data.completedAt", org.hamcrest.Matchers.nullValue());
        JsonNode after = status("ta-clean");
        JsonNode retried = task(after, "1.3");
        for (String result : java.util.List.of("error", "lastError", "failedAt", "completedAt", "startedAt", "skipReason")) {
            assertFalse(retried.has(result), result + " removed: " + retried);
        }
        assertEquals(2, retried.path("retryCount").asInt(), "the retry count stays and grows");
        assertEquals(0, after.path("summary").path("failed").asInt());
        assertEquals(2, after.path("summary").path("pending").asInt());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/ta-clean/tasks").then()
                .body("data.find { it.id == '1.3' }.error", org.hamcrest.Matchers.nullValue())
                .body("data.find { it.id == '1.3' }.completedAt", org.hamcrest.Matchers.nullValue())
                .body("data.find { it.id == '1.3' }.status", equalTo("pending")));
    }

    @Test
    void unusableFilesAre409WithoutParserDetails() {
        plan("ta-unusable");
        for (String content : java.util.List.of("{\"tasks\": [ {\"id\": \"1.2\", ", "[1,2]", "{\"tasks\":{}}", "\"text\"")) {
            Workspaces.writeAtomically("docs/plan-outputs/ta-unusable/status.json", content);
            await().until(() -> given().get("/api/plans/ta-unusable").asString().contains("\"statusError\":\""));
            String reply = skip("ta-unusable", "1.2", "{}").then().statusCode(409).body("code", equalTo("STATUS_UNUSABLE"))
                    .body("success", equalTo(false)).extract().asString();
            assertFalse(reply.contains("line:") || reply.contains("column") || reply.contains("Source") || reply.contains("Unexpected"), reply);
            retry("ta-unusable", "1.3").then().statusCode(409).body("code", equalTo("STATUS_UNUSABLE"));
            assertFalse(Files.exists(Workspaces.path("docs/plan-outputs/ta-unusable/status.json.lock")), "the lock is released");
            assertEquals(content, Workspaces.read("docs/plan-outputs/ta-unusable/status.json"), "nothing written");
        }
    }

    @Test
    void anOutputDirectorySwappedForALinkWhileTheLockIsAwaitedIsNotWrittenThrough() throws Exception {
        plan("ta-swap");
        Path directory = Workspaces.path("docs/plan-outputs/ta-swap");
        Path aside = Workspaces.path("docs/ta-swap-aside");
        Path outside = Files.createTempDirectory("planwatch-outside");
        Files.copy(directory.resolve("status.json"), outside.resolve("status.json"));
        String outsideBefore = Files.readString(outside.resolve("status.json"));
        Files.createDirectory(directory.resolve("status.json.lock"));
        CompletableFuture<Response> skipping = CompletableFuture.supplyAsync(() -> skip("ta-swap", "1.2", "{}"));
        try {
            // The skip has passed its first checks and waits for the lock: now the directory is swapped.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(TaskActionsTest::aSkipWaitsForTheLock);
            Files.move(directory, aside);
            Files.createSymbolicLink(directory, outside);
            Response reply = skipping.get();
            assertEquals(409, reply.statusCode(), reply.asString());
            assertEquals("STATUS_MOVED", reply.jsonPath().getString("code"));
            try (java.util.stream.Stream<Path> files = Files.list(outside)) {
                assertEquals(java.util.List.of(outside.resolve("status.json")), files.toList(), "nothing made outside");
            }
            assertEquals(outsideBefore, Files.readString(outside.resolve("status.json")), "nothing written outside");
        } finally {
            Files.deleteIfExists(directory);
            if (Files.exists(aside)) {
                Files.deleteIfExists(aside.resolve("status.json.lock"));
                Files.move(aside, directory);
            }
            Files.deleteIfExists(outside.resolve("status.json.lock"));
            Files.deleteIfExists(outside.resolve("status.json"));
            Files.delete(outside);
        }
    }

    /** Whether a request thread of the application (this JVM) is inside the wait for a status.json lock. */
    private static boolean aSkipWaitsForTheLock() {
        return Thread.getAllStackTraces().values().stream().anyMatch(frames -> java.util.Arrays.stream(frames)
                .anyMatch(frame -> frame.getClassName().endsWith("StatusFileLock") && frame.getMethodName().equals("acquire")));
    }
}
