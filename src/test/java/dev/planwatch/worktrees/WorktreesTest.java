package dev.planwatch.worktrees;

import dev.planwatch.testing.GitWorkspace;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worktrees made by real git; ages, stale and abandoned from real commits and working trees. */
@QuarkusTest
@WithTestResource(value = GitWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorktreesTest {

    private static Map<String, Map<String, Object>> byPlan(JsonPath worktrees) {
        List<Map<String, Object>> items = worktrees.getList("worktrees");
        return items.stream().collect(Collectors.toMap(i -> (String) i.get("planName"), i -> i));
    }

    @Test
    void planWorktreesWithAgeStaleAndAbandoned() {
        JsonPath body = given().get("/api/worktrees").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> items = byPlan(body);
        assertEquals(GitWorkspace.PLANS.stream().sorted().toList(), items.keySet().stream().sorted().toList(),
                "plan branches only: the main checkout and feature/x are left out");
        assertEquals("active", items.get("fresh").get("status"));
        assertEquals("plan-fresh", items.get("fresh").get("name"));
        assertEquals("plan/fresh", items.get("fresh").get("branch"));
        assertEquals(GitWorkspace.root().resolve("worktrees/fresh").toString(), items.get("fresh").get("path"));
        assertEquals("abandoned", items.get("stale").get("status"), "old, clean, nothing in progress");
        assertEquals("stale", items.get("dirty").get("status"), "uncommitted work is not abandoned");
        assertEquals("stale", items.get("busy").get("status"), "a task in progress is not abandoned");
        assertEquals("prunable", items.get("gone").get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> staleAge = (Map<String, Object>) items.get("stale").get("age");
        assertEquals(30, staleAge.get("days"));
        assertEquals(true, staleAge.get("isStale"));
        @SuppressWarnings("unchecked")
        Map<String, Object> freshAge = (Map<String, Object>) items.get("fresh").get("age");
        assertEquals(0, freshAge.get("days"));
        assertEquals(false, freshAge.get("isStale"));
        @SuppressWarnings("unchecked")
        Map<String, Object> goneAge = (Map<String, Object>) items.get("gone").get("age");
        assertNull(goneAge.get("days"));
        assertEquals(5, body.getInt("summary.total"));
        assertEquals(1, body.getInt("summary.active"));
        assertEquals(3, body.getInt("summary.stale"));
        assertEquals(1, body.getInt("summary.abandoned"));
    }

    @Test
    void resourcesMeasureLimitsAndDisk() {
        JsonPath body = given().get("/api/resources").then().statusCode(200).extract().jsonPath();
        assertEquals(5, body.getInt("limits.concurrentWorktrees.current"));
        assertEquals(8, body.getInt("limits.concurrentWorktrees.max"));
        assertTrue(body.getBoolean("limits.concurrentWorktrees.canCreate"));
        long expectedMb = GitWorkspace.root().toFile().getUsableSpace() / (1024 * 1024);
        assertTrue(Math.abs(body.getLong("limits.diskSpace.availableMB") - expectedMb) < 1024, "free space from the file store");
        assertEquals(500, body.getInt("limits.diskSpace.requiredMB"));
        assertEquals(3, body.getInt("worktrees.stale"));
        assertEquals(List.of("plan-stale"), body.getList("worktrees.abandonedWorktrees"));
        assertTrue(body.<String>getList("warnings").contains("3 stale worktree(s) found. Consider running cleanup."));
    }

    @Test
    void aPlanInItsWorktreeIsServedFromThere() {
        given().get("/api/plans/busy").then().statusCode(200)
                .body("data.worktree.branch", equalTo("plan/busy"))
                .body("data.statusFile", endsWith("worktrees/busy/docs/plan-outputs/busy/status.json"))
                .body("data.progress.in_progress", equalTo(1));
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void limitsFollowGitWorkflowJson() throws Exception {
        java.nio.file.Path config = GitWorkspace.root().resolve(".claude/git-workflow.json");
        String original = Files.readString(config);
        try {
            Files.writeString(config, "{\"worktrees\": {\"max_concurrent\": 5, \"stale_days\": 14},"
                    + " \"resources\": {\"min_disk_space_mb\": 2000000000, \"warn_disk_space_mb\": 2000000001}}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonPath body = given().get("/api/resources").then().statusCode(200).extract().jsonPath();
                assertEquals(5, body.getInt("limits.concurrentWorktrees.max"));
                assertFalse(body.getBoolean("limits.concurrentWorktrees.canCreate"), "5 of 5 in use");
                assertFalse(body.getBoolean("limits.diskSpace.sufficient"));
                assertFalse(body.getBoolean("canCreateWorktree"));
                assertTrue(body.<String>getList("warnings").stream().anyMatch(w -> w.startsWith("Insufficient disk space")));
            });
        } finally {
            Files.writeString(config, original);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(8,
                given().get("/api/resources").then().extract().jsonPath().getInt("limits.concurrentWorktrees.max")));
    }

    /** Last: it changes the repository the other tests describe. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aNewCommitIsSeenWithoutWaitingForTheCache() throws Exception {
        given().get("/api/worktrees").then().statusCode(200);
        Files.writeString(GitWorkspace.root().resolve("worktrees/dirty/uncommitted.txt"), "done");
        GitWorkspace.git(GitWorkspace.root().resolve("worktrees/dirty"), Instant.now(), "add", "-A");
        GitWorkspace.git(GitWorkspace.root().resolve("worktrees/dirty"), Instant.now(), "commit", "-q", "-m", "resume work");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, Map<String, Object>> items = byPlan(given().get("/api/worktrees").then().statusCode(200).extract().jsonPath());
            assertEquals("active", items.get("dirty").get("status"));
        });
        assertFalse(byPlan(given().get("/api/worktrees").then().extract().jsonPath()).containsKey("x"));
    }
}
