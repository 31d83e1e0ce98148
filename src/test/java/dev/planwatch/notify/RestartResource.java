package dev.planwatch.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The state a planwatch stopped with: it had told that plan {@code done} was in progress (it
 * completed while planwatch was down), and three deliveries to the webhook were still pending
 * (a fourth had been sent).
 */
public class RestartResource extends ReceiverResource {

    static final String[] PENDING = {"seed-1", "seed-2", "seed-3"};
    static final String SENT = "seed-sent";

    @Override
    protected void seed(Path stateDir) throws IOException {
        Path notify = Files.createDirectories(stateDir.resolve("notify/deliveries"));
        Files.writeString(stateDir.resolve("notify/notified.json"), "{\"done\": {\"status\": \"in_progress\", \"failedTasks\": [],"
                + " \"failureTold\": false, \"crashedOrchestrator\": null, \"stallTold\": null},"
                + " \"gone-plan\": {\"status\": \"in_progress\", \"failedTasks\": [], \"failureTold\": false}}");
        String past = Instant.now().minusSeconds(60).toString();
        for (String id : PENDING) {
            Files.writeString(notify.resolve(id + ".webhook.json"), delivery(id, "pending", past, null));
        }
        Files.writeString(notify.resolve(SENT + ".webhook.json"), delivery(SENT, "sent", null, past));
    }

    private static String delivery(String eventId, String status, String next, String finished) {
        return "{\"id\": \"" + eventId + ".webhook\", \"channel\": \"webhook\", \"event\": {\"id\": \"" + eventId + "\","
                + " \"type\": \"plan.completed\", \"plan\": \"seeded\", \"message\": \"Plan seeded completed\"},"
                + " \"attempts\": 1, \"status\": \"" + status + "\", \"lastError\": \"HTTP 503\", \"createdAt\": \"2026-01-01T00:00:00Z\","
                + " \"lastAttemptAt\": \"2026-01-01T00:00:00Z\", \"nextAttemptAt\": " + (next == null ? "null" : "\"" + next + "\"")
                + ", \"finishedAt\": " + (finished == null ? "null" : "\"" + finished + "\"") + "}";
    }
}
