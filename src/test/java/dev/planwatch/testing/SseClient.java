package dev.planwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A test SSE client: parses {@code id:}/{@code data:} events on a background thread. */
public final class SseClient implements AutoCloseable {

    public record Event(String id, JsonNode data) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean ended;
    private final HttpResponse<java.io.InputStream> response;

    public SseClient(URI uri, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    public int status() {
        return response.statusCode();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, MAPPER.readTree(data.toString())));
                    }
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (Exception e) {
            // the stream ended or was closed by the test
        }
        ended = true;
    }

    /** Whether the server ended the stream (or the test closed it). */
    public boolean ended() {
        return ended;
    }

    public List<Event> logEvents() {
        return events.stream().filter(e -> "log".equals(e.data().path("type").asText())).toList();
    }

    public List<Event> events() {
        return events;
    }

    public List<String> contents() {
        return logEvents().stream().map(e -> e.data().get("content").asText()).toList();
    }

    public void awaitEvent(Predicate<Event> test) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(test));
    }

    public void awaitContents(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> logEvents().size() >= count);
    }

    @Override
    public void close() throws Exception {
        response.body().close();
        reader.interrupt();
    }
}
