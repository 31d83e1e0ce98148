package dev.planwatch.dashboard;

import dev.planwatch.orchestrator.ControlProfile;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.OpenApiRules;
import dev.planwatch.testing.Processes;
import dev.planwatch.testing.Workspaces;
import dev.planwatch.testing.WsClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every call and event of the dashboard's contract, validated against the contract's JSON Schema
 * ({@code src/test/resources/contract/dashboard.schema.json}, whose types derive from the served
 * OpenAPI document's components) on the fixture workspace, with
 * orchestrators started for real: one that runs its plan to the end, and a slow one that is paused,
 * has a task skipped and retried, and is stopped.
 */
@QuarkusTest
@TestProfile(ControlProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonSchema> DEFINITIONS = new ConcurrentHashMap<>();
    private static JsonSchemaFactory schemas;
    private static final List<Long> STARTED = new ArrayList<>();

    @TestHTTPResource("/")
    URI base;

    @AfterAll
    static void leaveNoProcessBehind() {
        Processes.destroyTrees(STARTED);
    }

    /**
     * The contract's definitions derive from the OpenAPI document the application serves (with its
     * null rule), known to the validator as {@code urn:planwatch:openapi}.
     */
    private static synchronized JsonSchemaFactory schemas() {
        if (schemas == null) {
            String openApi = OpenApiRules.withNulls(OpenApiRules.document()).toString();
            schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of("urn:planwatch:openapi", openApi))));
        }
        return schemas;
    }

    /** The contract's definition {@code name} ({@code $defs/<name>} of the schema). */
    private static JsonSchema schema(String name) {
        return DEFINITIONS.computeIfAbsent(name, n -> {
            JsonSchema schema = schemas().getSchema(SchemaLocation.of("classpath:contract/dashboard.schema.json#/$defs/" + n));
            schema.initializeValidators();
            return schema;
        });
    }

    private static JsonNode conforms(String definition, String json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            Set<ValidationMessage> errors = schema(definition).validate(node);
            if (!errors.isEmpty()) {
                fail(what + " does not conform to " + definition + ": "
                        + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")) + "\n" + json);
            }
            return node;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(what + " is not JSON: " + json, e);
        }
    }

    private static JsonNode get(String path, String definition) {
        Response response = given().get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.asString());
        return conforms(definition, response.asString(), "GET " + path);
    }

    private static JsonNode post(String path, String body, String definition) {
        Response response = given().contentType(ContentType.JSON).body(body).post(path);
        assertEquals(200, response.statusCode(), path + ": " + response.asString());
        return conforms(definition, response.asString(), "POST " + path);
    }

    private static void error(Response response, int status, String code, String what) {
        assertEquals(status, response.statusCode(), what + ": " + response.asString());
        JsonNode body = conforms("ErrorReply", response.asString(), what);
        assertEquals(code, body.path("code").asText(), what);
    }

    private static void plan(String name, int tasks) {
        StringBuilder markdown = new StringBuilder("# Plan " + name + "\n\nA plan the contract test runs.\n\n## Phase 1: Work\n");
        for (int i = 1; i <= tasks; i++) {
            markdown.append("- [ ] 1.").append(i).append(" task ").append(i).append('\n');
        }
        Workspaces.writeAtomically("docs/plans/" + name + ".md", markdown.toString());
        await().until(() -> given().get("/api/plans/" + name).statusCode() == 200);
    }

    @Test
    void theReadCallsServeTheDocumentedShapes() {
        JsonNode plans = get("/api/plans", "PlansReply");
        assertTrue(plans.path("data").size() >= 10, "every fixture plan is listed");
        get("/api/plans/alpha", "PlanReply");
        get("/api/plans/big", "PlanReply");
        JsonNode status = get("/api/plans/alpha/status", "PlanStatusReply");
        assertEquals(status.path("data").path("tasks").size(), status.path("data").path("summary").path("totalTasks").asInt());
        get("/api/plans/alpha/tasks", "TasksReply");
        get("/api/plans/alpha/history", "HistoryReply");
        JsonNode findings = get("/api/plans/findings-mix/findings", "FindingsReply");
        get("/api/plans/findings-mix/findings/" + findings.path("data").get(0).path("taskId").asText(), "FindingReply");
        JsonNode activity = get("/api/activity?page=1&pageSize=5", "ActivityReply");
        assertTrue(activity.path("data").path("items").size() > 0, "the fixture has task events");
        get("/api/dashboard/summary", "DashboardSummaryReply");
        get("/api/orchestrators", "OrchestratorsReply");

        error(given().get("/api/plans/nope"), 404, "PLAN_NOT_FOUND", "unknown plan");
        error(given().get("/api/orchestrators/nope"), 404, "ORCHESTRATOR_NOT_FOUND", "unknown orchestrator");
        error(given().get("/api/activity?page=0"), 400, "INVALID_REQUEST", "page 0");
        error(given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/tasks/9.9/retry"), 404, "TASK_NOT_FOUND",
                "unknown task");
    }

    @Test
    void anOrchestratorRunToTheEndAndItsEvents() {
        plan("contract-run", 4);
        try (WsClient events = WsClient.connect(base, "/ws/events")) {
            JsonNode started = post("/api/orchestrators", "{\"planPath\": \"docs/plans/contract-run.md\", \"config\": {\"batchSize\": 2}}",
                    "StartReply");
            String id = started.path("data").path("id").asText();
            STARTED.add(started.path("orchestrator").path("pid").asLong());
            assertEquals(started.path("orchestrator").path("id").asText(), id, "data is the new orchestrator");
            assertEquals(2, started.path("data").path("config").path("batchSize").asInt());

            try (WsClient own = WsClient.connect(base, "/ws/orchestrators/" + id)) {
                JsonNode completed = events.await(0, m -> "orchestrator:status".equals(m.path("type").asText())
                        && id.equals(m.path("orchestratorId").asText()) && "completed".equals(m.path("data").path("status").asText()),
                        Duration.ofSeconds(30));
                assertEquals("running", completed.path("data").path("previousStatus").asText());
                for (String type : List.of("task:started", "task:completed", "activity:new", "orchestrator:progress")) {
                    events.await(0, m -> type.equals(m.path("type").asText()) && id.equals(m.path("orchestratorId").asText()));
                }
                for (JsonNode message : events.payloads()) {
                    conforms("WebSocketEvent", message.toString(), "/ws/events message");
                }
                own.await(0, m -> "orchestrator:status".equals(m.path("type").asText()));
                for (JsonNode message : own.payloads()) {
                    conforms("WebSocketEvent", message.toString(), "/ws/orchestrators message");
                    assertEquals(id, message.path("orchestratorId").asText(), "only this orchestrator's events");
                }
                long statusEvents = events.payloads().stream().filter(m -> "orchestrator:status".equals(m.path("type").asText())
                        && id.equals(m.path("orchestratorId").asText())).count();
                assertEquals(2, statusEvents, "running, then completed: " + events.payloads());
            }
            JsonNode feed = get("/api/activity?plan=contract-run&pageSize=50", "ActivityReply");
            assertEquals(8, feed.path("data").path("total").asInt(), "four tasks started and completed");
        }
    }

    @Test
    void aPausedOrchestratorItsTasksAndTheControls() {
        plan("contract-slow", 3);
        JsonNode started = post("/api/plans/contract-slow/start", "{\"maxIterations\": 5, \"timeout\": 600}", "StartReply");
        String id = started.path("data").path("id").asText();
        STARTED.add(started.path("orchestrator").path("pid").asLong());
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/orchestrators/" + id)
                .jsonPath().getString("data.currentTask") != null);

        JsonNode running = get("/api/orchestrators/" + id, "OrchestratorReply");
        assertEquals("running", running.path("data").path("status").asText());
        assertEquals(1, running.path("data").path("currentPhase").asInt());
        assertEquals(5, running.path("data").path("config").path("maxIterations").asInt());
        get("/api/orchestrators/" + id + "/tasks", "TasksReply");
        JsonNode feed = get("/api/activity?orchestratorId=" + id, "ActivityReply");
        assertEquals(id, feed.path("data").path("items").get(0).path("orchestratorId").asText(), "its events are attributed to it");

        JsonNode paused = post("/api/orchestrators/" + id + "/pause", "{}", "CommandReply");
        assertEquals("paused", paused.path("data").path("status").asText());
        JsonNode listed = get("/api/orchestrators", "OrchestratorsReply");
        JsonNode entry = null;
        for (JsonNode orchestrator : listed.path("data")) {
            if (id.equals(orchestrator.path("id").asText())) {
                entry = orchestrator;
            }
        }
        assertEquals("paused", entry == null ? null : entry.path("status").asText(), "listed as paused");
        assertEquals("paused", get("/api/orchestrators/" + id, "OrchestratorReply").path("data").path("status").asText());

        JsonNode skipped = post("/api/orchestrators/" + id + "/tasks/1.3/skip", "{\"reason\": \"not needed\"}", "TaskActionReply");
        assertEquals("skipped", skipped.path("data").path("status").asText());
        JsonNode retried = post("/api/plans/contract-slow/tasks/1.3/retry", "{}", "TaskActionReply");
        assertEquals("pending", retried.path("data").path("status").asText());
        assertEquals(1, retried.path("data").path("retryCount").asInt());
        error(given().contentType(ContentType.JSON).body("{}").post("/api/orchestrators/" + id + "/tasks/1.3/retry"), 409,
                "TASK_NOT_RETRYABLE", "retry of a pending task");

        post("/api/orchestrators/" + id + "/resume", "{}", "CommandReply");
        post("/api/plans/contract-slow/stop", "{\"force\": true, \"timeout\": 5}", "StopReply");
        error(given().contentType(ContentType.JSON).body("{}").post("/api/plans/contract-slow/stop"), 404, "NOT_RUNNING",
                "stop of a stopped plan");
    }
}
