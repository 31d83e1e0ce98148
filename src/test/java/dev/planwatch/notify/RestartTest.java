package dev.planwatch.notify;

import dev.planwatch.orchestrator.ControlProfile;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Receiver;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** planwatch started on the state another run left: pending deliveries and a plan that completed meanwhile. */
@QuarkusTest
@TestProfile(ControlProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = RestartResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RestartTest {

    private static List<Receiver.Request> delivered(String eventId) {
        return ReceiverResource.receiver().requests(r -> r.path().equals("/webhook") && eventId.equals(r.header("X-Planwatch-Delivery")));
    }

    private static List<Receiver.Request> told(String type, String plan) {
        return ReceiverResource.receiver().requests(r -> r.path().equals("/webhook") && type.equals(r.header("X-Planwatch-Event"))
                && r.text().contains("\"plan\":\"" + plan + "\""));
    }

    @Test
    void pendingDeliveriesAreSentOnceAndAPlanCompletedWhileDownIsToldOnce() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> List.of(RestartResource.PENDING).stream().allMatch(id -> !delivered(id).isEmpty())
                && !told("plan.completed", "done").isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                List.of(RestartResource.PENDING).stream().allMatch(id -> delivered(id).size() == 1)
                        && told("plan.completed", "done").size() == 1);
        assertEquals(List.of(), delivered(RestartResource.SENT), "a delivery already sent is not sent again");
        // Every other fixture plan is new to the stored state: recorded as it is, never told.
        assertEquals(List.of(), ReceiverResource.receiver().requests(r -> !r.text().contains("\"plan\":\"done\"")
                && !r.text().contains("\"plan\":\"seeded\"") && !r.text().contains("Plan done")));
        for (String id : RestartResource.PENDING) {
            String file = Files.readString(ReceiverResource.stateDir().resolve("notify/deliveries/" + id + ".webhook.json"));
            assertTrue(file.contains("\"status\":\"sent\"") && file.contains("\"attempts\":2"), file);
        }
        String notified = Files.readString(ReceiverResource.stateDir().resolve("notify/notified.json"));
        assertTrue(notified.contains("\"done\":{\"status\":\"completed\""), notified);
        assertFalse(notified.contains("gone-plan"), "a plan that no longer exists is forgotten: " + notified);
        given().get("/api/notifications").then().body("data.pending", equalTo(0));
    }
}
