package dev.planwatch.api;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.OpenApiRules;
import dev.planwatch.testing.Workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OpenAPI document cannot drift from the wire: every operation documents a schema for each of
 * its statuses, and real replies of every endpoint (successes and errors) on the fixture workspace
 * validate against the document's own schemas, strictly: a reply with a field the document does
 * not name fails. The dashboard contract's types derive from the document's components.
 */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OpenApiDocumentTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private JsonNode document;

    @BeforeEach
    void load() throws IOException {
        document = OpenApiRules.document();
    }

    @Test
    void everyOperationDocumentsASchemaForEachOfItsStatuses() {
        List<String> missing = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            JsonNode responses = method.getValue().path("responses");
            assertTrue(responses.size() > 0, path.getKey());
            responses.fields().forEachRemaining(response -> {
                JsonNode content = response.getValue().path("content");
                if (content.isEmpty()) {
                    missing.add(method.getKey() + " " + path.getKey() + " " + response.getKey());
                }
                content.fields().forEachRemaining(media -> {
                    JsonNode schema = media.getValue().path("schema");
                    if (schema.isMissingNode() || schema.isEmpty()) {
                        missing.add(method.getKey() + " " + path.getKey() + " " + response.getKey() + " " + media.getKey());
                    }
                });
            });
            if (path.getKey().startsWith("/api/")) {
                assertTrue(responses.has("401") && responses.has("403"), "every API operation names the access errors: " + path.getKey());
            }
        }));
        assertEquals(List.of(), missing, "operations without a schema");
        for (String message : List.of("StatusMessage", "ErrorMessage", "AllPlansMessage", "DashboardEventMessage", "LogLineEvent")) {
            assertTrue(document.path("components").path("schemas").has(message), message);
        }
        assertTrue(document.path("paths").has("/ws/events"), "the sockets are described");
    }

    @Test
    void realRepliesOfEveryEndpointMatchTheDocument() throws IOException {
        Workspaces.writeAtomically("docs/plans/oa-plan.md", "# OA\n\n## Phase 1: Go\n- [ ] 1.1 a\n- [ ] 1.2 b\n");
        Workspaces.writeAtomically("docs/plan-outputs/oa-plan/status.json", Workspaces.statusJson("oa-plan", "t0", "pending", "failed"));
        Files.writeString(Workspaces.path("orchestrator-oa-plan.log"), "a line\n", StandardCharsets.UTF_8);
        org.awaitility.Awaitility.await().until(() -> given().get("/api/plans/oa-plan").statusCode() == 200);
        try {
            check("GET", "/api/plans", null, 200);
            check("GET", "/api/plans?status=bogus", null, 400);
            check("GET", "/api/plans/alpha", null, 200);
            check("GET", "/api/plans/big", null, 200);
            check("GET", "/api/plans/nope", null, 404);
            check("GET", "/api/plans/alpha/status", null, 200);
            check("GET", "/api/plans/alpha/status-file", null, 200);
            check("GET", "/api/plans/md-only/status-file", null, 404);
            check("GET", "/api/plans/alpha/tasks", null, 200);
            check("GET", "/api/plans/alpha/history", null, 200);
            check("GET", "/api/plans/findings-mix/findings", null, 200);
            check("GET", "/api/plans/findings-mix/findings/1.1", null, 200);
            check("GET", "/api/plans/findings-mix/findings/6.1", null, 404);
            check("GET", "/api/plans/oa-plan/logs", null, 200);
            check("GET", "/api/plans/nope/logs", null, 404);
            check("GET", "/api/plans/oa-plan/logs?lines=0", null, 400);
            check("GET", "/api/activity?pageSize=5", null, 200);
            check("GET", "/api/activity?page=0", null, 400);
            check("GET", "/api/activity?orchestratorId=nope", null, 404);
            check("GET", "/api/dashboard/summary", null, 200);
            check("GET", "/api/dashboard/settings", null, 200);
            check("GET", "/api/orchestrators", null, 200);
            check("GET", "/api/orchestrators/orch-seed", null, 200);
            check("GET", "/api/orchestrators/orch-seed/tasks", null, 200);
            check("GET", "/api/orchestrators/nope", null, 404);
            check("GET", "/api/worktrees", null, 200);
            check("GET", "/api/resources", null, 200);
            // The fixture's git files are written by hand, with no objects: git cannot read its branches.
            // (Replies with branches are checked on a real repository by ChangesTest.)
            check("GET", "/api/worktrees/conflicts", null, 200);
            check("GET", "/api/plans/alpha/changes", null, 503);
            check("GET", "/api/plans/alpha/changes/diff", null, 400);
            check("GET", "/health", null, 200);
            check("POST", "/api/plans/oa-plan/tasks/1.1/skip", "{\"reason\": \"checked\"}", 200);
            check("POST", "/api/plans/oa-plan/tasks/1.1/skip", "{}", 409);
            check("POST", "/api/plans/oa-plan/tasks/1.2/retry", "{}", 200);
            check("POST", "/api/plans/oa-plan/tasks/9.9/retry", "{}", 404);
            check("POST", "/api/orchestrators/orch-seed/tasks/1.1/retry", "{}", 409);
            check("POST", "/api/plans/oa-plan/stop", "{}", 404);
            check("POST", "/api/plans/nope/start", "{}", 404);
            check("POST", "/api/orchestrators", "{}", 400);
            check("POST", "/api/orchestrators/nope/pause", "{}", 404);
            check("POST", "/api/orchestrators/orch-seed/resume", "{}", 503);
        } finally {
            Files.deleteIfExists(Workspaces.path("orchestrator-oa-plan.log"));
            Workspaces.deletePlan("oa-plan");
        }
    }

    /**
     * The contract's types derive from the document: each is its component (by {@code $ref}) and the
     * dashboard's own constraints, and every field the dashboard requires is one the document names.
     */
    @Test
    void theDashboardContractsTypesDeriveFromTheDocumentsComponents() throws IOException {
        JsonNode contract;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("contract/dashboard.schema.json")) {
            contract = MAPPER.readTree(in).path("$defs");
        }
        JsonNode components = document.path("components").path("schemas");
        for (String type : List.of("Plan", "PlanDetailData", "Phase", "Task", "Orchestrator", "ActivityEvent", "PlanSummary")) {
            String ref = contract.path(type).path("allOf").path(0).path("$ref").asText();
            assertTrue(ref.startsWith("urn:planwatch:openapi#/components/schemas/"), type + " derives from the document: " + ref);
            String component = ref.substring(ref.lastIndexOf('/') + 1);
            JsonNode properties = components.path(component).path("properties");
            assertFalse(properties.isMissingNode(), "the document has " + component);
            for (JsonNode required : contract.path(type).path("allOf").path(1).path("required")) {
                assertTrue(properties.has(required.asText()),
                        "the contract's " + type + "." + required.asText() + " is in the document's " + component);
            }
        }
    }

    /** Calls the endpoint and validates the reply against the document's schema for that operation and status. */
    private void check(String method, String url, String body, int status) {
        Response response = "GET".equals(method) ? given().get(url)
                : given().contentType(ContentType.JSON).body(body).post(url);
        assertEquals(status, response.statusCode(), method + " " + url + ": " + response.asString());
        OpenApiRules.assertMatches(document, method, url, status, response.asString());
    }

    @Test
    void theDocumentIsStoredAtBuildTimeForClientGenerators() {
        assertNotNull(document.path("openapi").asText(null));
        assertTrue(Files.exists(java.nio.file.Path.of("target/openapi/openapi.json"))
                || Files.exists(java.nio.file.Path.of("target/openapi/openapi.yaml")), "target/openapi holds the document");
    }
}
