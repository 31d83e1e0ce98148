package dev.planwatch.notify;

import dev.planwatch.orchestrator.ControlProfile;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Processes;
import dev.planwatch.testing.Receiver;
import dev.planwatch.testing.Workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notifications end to end: real orchestrator processes and status.json writes on one side, a real
 * HTTP receiver (and a real command) on the other; nothing between them is replaced.
 */
@QuarkusTest
@TestProfile(ControlProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = ReceiverResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class NotificationsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Process> STARTED = new ArrayList<>();

    @AfterAll
    static void leaveNoProcessBehind() {
        STARTED.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    private static Receiver receiver() {
        return ReceiverResource.receiver();
    }

    /** The webhook's requests for {@code type} of {@code plan} (every attempt, whatever it was answered). */
    private static List<Receiver.Request> webhook(String type, String plan) {
        return receiver().requests(r -> r.path().equals("/webhook") && type.equals(r.header("X-Planwatch-Event"))
                && plan.equals(json(r).path("plan").asText()));
    }

    private static List<Receiver.Request> accepted(List<Receiver.Request> requests) {
        return requests.stream().filter(r -> r.answeredWith() == 200).toList();
    }

    private static JsonNode json(Receiver.Request request) {
        try {
            return MAPPER.readTree(request.body());
        } catch (java.io.IOException e) {
            return MAPPER.createObjectNode();
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

    private static void status(String plan, String... statuses) {
        Workspaces.writeAtomically("docs/plan-outputs/" + plan + "/status.json",
                Workspaces.statusJson(plan, Instant.now().toString(), statuses));
    }

    @Test
    void aPlanRunToCompletionByTheDemoOrchestratorIsToldOnceSignedOnEveryChannel() throws Exception {
        plan("ntf-done", 3);
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/ntf-done/start").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !accepted(webhook("plan.completed", "ntf-done")).isEmpty());
        // The orchestrator's final run and its unregistering change the plan again: still told once.
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/api/plans/ntf-done")
                .jsonPath().get("data.orchestrator.running") != Boolean.TRUE);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> webhook("plan.completed", "ntf-done").size() == 1);

        Receiver.Request request = webhook("plan.completed", "ntf-done").get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ReceiverResource.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals("sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body())), request.header("X-Planwatch-Signature"),
                "HMAC-SHA256 of the exact body");
        JsonNode event = json(request);
        assertEquals(event.get("id").asText(), request.header("X-Planwatch-Delivery"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("completed", event.get("status").asText());
        assertEquals(3, event.get("progress").get("completed").asInt());
        assertEquals(3, event.get("summary").get("totalTasks").asInt());
        assertTrue(event.get("link").asText().endsWith("/#/plans/ntf-done"), event.toString());
        assertTrue(event.get("orchestratorId").asText().startsWith("orch"), event.toString());
        assertNotNull(event.get("timestamp").asText());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(1, receiver().requests(r -> r.path().equals("/slack") && r.text().contains("ntf-done")
                    && r.text().contains("completed")).size());
            assertEquals(1, receiver().requests(r -> r.path().equals("/discord") && json(r).path("content").asText().contains("ntf-done")).size());
            assertEquals(1, receiver().requests(r -> r.path().equals("/ntfy/planwatch") && r.text().startsWith("Plan ntf-done completed")
                    && "white_check_mark".equals(r.header("Tags"))).size());
        });
        // Plans already finished when planwatch started are not transitions: nothing was told of them.
        assertEquals(List.of(), receiver().requests(r -> List.of("done", "all-failed", "alpha", "rounding")
                .contains(json(r).path("plan").asText())));
        given().get("/api/notifications").then().statusCode(200)
                .body("data.deliveries.findAll { it.event.plan == 'ntf-done' }.status", hasItem("sent"))
                .body("data.channels.name", hasItem("webhook"));
    }

    @Test
    void aReceiverAnswering503DuringTheCompletionGetsItOnceAfterItRecovers() {
        plan("ntf-outage", 2);
        status("ntf-outage", "completed", "in_progress");
        await().until(() -> "in_progress".equals(given().get("/api/plans/ntf-outage").jsonPath().get("data.status")));
        receiver().answer("/webhook", 503);
        try {
            status("ntf-outage", "completed", "completed");
            await().atMost(Duration.ofSeconds(10)).until(() -> webhook("plan.completed", "ntf-outage").size() >= 2);
        } finally {
            receiver().answer("/webhook", 200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> accepted(webhook("plan.completed", "ntf-outage")).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> accepted(webhook("plan.completed", "ntf-outage")).size() == 1);
        List<Receiver.Request> attempts = webhook("plan.completed", "ntf-outage");
        assertEquals(1, attempts.stream().map(r -> r.header("X-Planwatch-Delivery")).distinct().count(), "one event, retried");
        given().get("/api/notifications").then()
                .body("data.deliveries.find { it.channel == 'webhook' && it.event.plan == 'ntf-outage' }.status", equalTo("sent"))
                .body("data.deliveries.find { it.channel == 'webhook' && it.event.plan == 'ntf-outage' }.attempts",
                        equalTo(attempts.size()));
    }

    @Test
    void aFailedTaskRunsTheCommandWithTheEventOnStandardInputAndKillsItAtItsTimeout() throws Exception {
        plan("ntf-fail", 2);
        status("ntf-fail", "completed", "in_progress");
        await().until(() -> "in_progress".equals(given().get("/api/plans/ntf-fail").jsonPath().get("data.status")));
        status("ntf-fail", "completed", "failed");

        Path dir = ReceiverResource.commandDir();
        await().atMost(Duration.ofSeconds(10)).until(() -> commandEvent(dir, "ntf-fail") != null);
        Path eventFile = commandEvent(dir, "ntf-fail");
        JsonNode event = MAPPER.readTree(Files.readString(eventFile));
        assertEquals("task.failed", event.get("type").asText());
        assertEquals("1.2", event.get("taskId").asText());
        Path pidFile = dir.resolve(eventFile.getFileName().toString().replace("event-", "pid-").replace(".json", ""));
        await().until(() -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> Processes.exited(pid));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/notifications").then()
                .body("data.deliveries.find { it.channel == 'command' && it.event.plan == 'ntf-fail' }.lastError",
                        equalTo("timed out after 1000 ms; killed")));
        // The webhook selects task.failed too, and the plan has nothing left to run: plan.failed as well.
        await().atMost(Duration.ofSeconds(10)).until(() -> accepted(webhook("task.failed", "ntf-fail")).size() == 1
                && accepted(webhook("plan.failed", "ntf-fail")).size() == 1);
    }

    @Test
    void aStalledPlanIsToldOnceAndItsOrchestratorsCrashOnce() throws Exception {
        plan("ntf-stall", 2);
        status("ntf-stall", "completed", "in_progress");
        Process sleeper = new ProcessBuilder("sleep", "120").start();
        STARTED.add(sleeper);
        String now = Instant.now().toString();
        ObjectNode registry = (ObjectNode) MAPPER.readTree(Workspaces.read(".claude/orchestrator-registry.json"));
        ObjectNode entry = registry.withArray("instances").addObject();
        entry.put("id", "orch-stall").put("pid", sleeper.pid()).put("plan_path", "docs/plans/ntf-stall.md")
                .putNull("worktree_path").put("started_at", now).put("last_heartbeat", now).put("status", "running")
                .putNull("socket_path").putNull("port");
        Workspaces.writeAtomically(".claude/orchestrator-registry.json", MAPPER.writeValueAsString(registry));
        await().until(() -> Boolean.TRUE.equals(given().get("/api/plans/ntf-stall").jsonPath().get("data.orchestrator.running")));
        assertEquals(List.of(), webhook("plan.stalled", "ntf-stall"), "not stalled before stall-after (2 s)");

        await().atMost(Duration.ofSeconds(10)).until(() -> accepted(webhook("plan.stalled", "ntf-stall")).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> webhook("plan.stalled", "ntf-stall").size() == 1);
        JsonNode stalled = json(webhook("plan.stalled", "ntf-stall").get(0));
        assertEquals("orch-stall", stalled.get("orchestratorId").asText());

        sleeper.destroyForcibly().waitFor();
        await().atMost(Duration.ofSeconds(10)).until(() -> accepted(webhook("orchestrator.crashed", "ntf-stall")).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> webhook("orchestrator.crashed", "ntf-stall").size() == 1 && webhook("plan.stalled", "ntf-stall").size() == 1);
    }

    @Test
    void theTestEventGoesToEveryChannelAndTheListShowsIt() {
        given().contentType(ContentType.JSON).body("{}").post("/api/notifications/test").then().statusCode(202)
                .body("success", equalTo(true))
                .body("data.event.type", equalTo("notification.test"))
                .body("data.deliveries.size()", equalTo(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver().requests(r -> r.path().equals("/webhook")
                && "notification.test".equals(r.header("X-Planwatch-Event"))).isEmpty());
        given().get("/api/notifications").then().statusCode(200)
                .body("data.deliveries.event.type", hasItem("notification.test"))
                .body("data.channels.name", equalTo(List.of("webhook", "slack", "discord", "ntfy", "command", "browser")));
        // The pending gauge is registered at start-up; an earlier start's gauge of the same name, left in the
        // JVM-wide registry, once hid it from the scrape (Gauges.replace is the fix, GaugesTest its test).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("planwatch_notifications_sent_total{channel=\"webhook\"}"), "sent per channel");
            assertTrue(metrics.contains("planwatch_notifications_pending "), () -> "pending gauge in "
                    + metrics.lines().filter(line -> line.contains("planwatch_")).toList());
        });
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("webhooks.notification.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/NotificationEvent"))
                .body("components.schemas.NotificationEvent.properties.type.enum", hasItem("plan.stalled"));
        // A foreign page may not make planwatch send.
        given().header("Origin", "http://evil.example").contentType(ContentType.JSON).body("{}")
                .post("/api/notifications/test").then().statusCode(403).body("code", equalTo("FORBIDDEN_ORIGIN"));
    }

    /** The file in which the command kept a complete event of {@code plan}; null while there is none. */
    private static Path commandEvent(Path dir, String plan) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("event-")).toList()) {
                try {
                    if (plan.equals(MAPPER.readTree(Files.readString(file)).path("plan").asText())) {
                        return file;
                    }
                } catch (java.io.IOException incomplete) {
                    // still being written
                }
            }
        }
        return null;
    }
}
