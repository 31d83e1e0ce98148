package dev.planwatch.api;

import dev.planwatch.testing.FixtureWorkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples the OpenAPI document shows ({@code src/main/resources/openapi/examples.json}) are
 * real replies on the fixture workspace: this asks the same requests and fails when a reply differs.
 * Run with {@code -DwriteOpenApiExamples=true} to write the file from the replies after a
 * deliberate change of a reply.
 */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OpenApiExamplesTest {

    private static final Path FILE = Path.of("src/main/resources/openapi/examples.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The operations shown with an example, and the request on the fixture that gives it (replies that do not change with time or checkout). */
    private static final Map<String, String> REQUESTS = new LinkedHashMap<>();

    static {
        REQUESTS.put("GET /api/plans/{name}", "/api/plans/alpha");
        REQUESTS.put("GET /api/plans/{name}/status", "/api/plans/done/status");
        REQUESTS.put("GET /api/plans/{name}/tasks", "/api/plans/alpha/tasks");
        REQUESTS.put("GET /api/plans/{name}/history", "/api/plans/alpha/history");
        REQUESTS.put("GET /api/plans/{name}/findings/{taskId}", "/api/plans/findings-mix/findings/2.4");
        REQUESTS.put("GET /api/activity", "/api/activity?plan=alpha&pageSize=3");
        REQUESTS.put("GET /api/orchestrators/{id}/tasks", "/api/orchestrators/orch-seed/tasks");
    }

    @Test
    void theDocumentsExamplesAreTheFixturesRealReplies() throws IOException {
        ObjectNode replies = MAPPER.createObjectNode();
        REQUESTS.forEach((operation, request) -> {
            ObjectNode entry = replies.putObject(operation);
            entry.put("request", request);
            entry.set("reply", read(given().get(request).then().statusCode(200).extract().asString()));
        });
        if (Boolean.getBoolean("writeOpenApiExamples")) {
            Files.writeString(FILE, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(replies) + "\n");
        }
        if (!replies.equals(MAPPER.readTree(FILE.toFile()))) {
            Files.writeString(Path.of("target/openapi-examples-actual.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(replies));
        }
        assertEquals(replies, MAPPER.readTree(FILE.toFile()),
                FILE + " differs from the fixture's replies: run with -DwriteOpenApiExamples=true to refresh it"
                        + " (the replies are in target/openapi-examples-actual.json)");

        JsonNode document = MAPPER.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        JsonNode shown = document.path("paths").path("/api/plans/{name}").path("get").path("responses").path("200")
                .path("content").path("application/json").path("examples").path("fixture").path("value");
        assertEquals(replies.path("GET /api/plans/{name}").path("reply"), shown, "the document shows the example");
        assertTrue(shown.path("data").path("phases").size() > 0);
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
