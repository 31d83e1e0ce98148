package dev.planwatch.changes;

import dev.planwatch.live.PollingOnlyProfile;
import dev.planwatch.testing.BranchesRepository;
import dev.planwatch.testing.WsClient;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;

import static dev.planwatch.testing.BranchesRepository.git;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without file watching, a moved ref is found by the poll (the ref files' stamps) and announced all the same. */
@QuarkusTest
@TestProfile(PollingOnlyProfile.class)
@WithTestResource(value = BranchesRepository.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ChangesPollingTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aCommitIsAnnouncedByThePoll() throws IOException {
        given().get("/api/plans/left/changes").then().statusCode(200);
        try (WsClient events = WsClient.connect(base, "/ws/events")) {
            int from = events.payloads().size();
            git(BranchesRepository.root(), "checkout", "-q", "plan/left");
            try {
                BranchesRepository.replaceLine("shared.txt", 6, "left polls");
                git(BranchesRepository.root(), "commit", "-q", "-am", "left: line 6");
            } finally {
                git(BranchesRepository.root(), "checkout", "-q", "main");
            }
            String tip = git(BranchesRepository.root(), "rev-parse", "plan/left").strip();
            JsonNode moved = events.await(from, m -> m.path("type").asText().equals("plan:changes")
                    && m.path("data").path("tip").asText().equals(tip));
            assertEquals("left", moved.path("plan").asText());
            assertEquals(2, moved.path("data").path("commits").asInt());
            assertEquals(tip, given().get("/api/plans/left/changes").then().statusCode(200).extract().jsonPath().getString("data.tip"));
        }
    }
}
