package dev.planwatch.packaging;

import dev.planwatch.testing.Processes;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * status.json files near and over {@code planwatch.status-max-size}, served by {@code bin/planwatch}
 * with its shipped JVM flags (96 MB heap, exit on OutOfMemoryError): a file just under the limit is
 * served to concurrent readers and changed by a skip, one over it is served as a {@code statusError}
 * and its skip refused with 413, and the process lives through all of it.
 */
class StatusSizeLimitIT {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The default {@code planwatch.status-max-size}. */
    private static final int LIMIT = 2 * 1024 * 1024;

    @TempDir
    Path workspace;
    private Process planwatch;

    @AfterEach
    void stop() {
        if (planwatch != null) {
            planwatch.destroyForcibly();
        }
    }

    /** A status.json as the orchestrator writes it, {@code bytes} long: task 1.1 carries the bulk as its notes. */
    private void statusFile(String plan, int bytes) throws IOException {
        Files.createDirectories(workspace.resolve("docs/plans"));
        Files.writeString(workspace.resolve("docs/plans/" + plan + ".md"), "# " + plan + "\n\n## Phase 1: Work\n- [ ] 1.1 a\n- [ ] 1.2 b\n- [ ] 1.3 c\n");
        String head = "{\n  \"planPath\": \"docs/plans/" + plan + ".md\",\n  \"planName\": \"" + plan + "\",\n"
                + "  \"createdAt\": \"2026-12-01T10:00:00.000Z\",\n  \"lastUpdatedAt\": \"2026-12-01T10:05:00.000Z\",\n"
                + "  \"currentPhase\": \"Phase 1: Work\",\n  \"tasks\": [\n"
                + "    {\"id\": \"1.1\", \"phase\": \"Phase 1: Work\", \"description\": \"a\", \"status\": \"completed\","
                + " \"startedAt\": \"2026-12-01T10:00:00.000Z\", \"completedAt\": \"2026-12-01T10:01:00.000Z\", \"notes\": \"";
        String tail = "\"},\n    {\"id\": \"1.2\", \"phase\": \"Phase 1: Work\", \"description\": \"b\", \"status\": \"pending\"},\n"
                + "    {\"id\": \"1.3\", \"phase\": \"Phase 1: Work\", \"description\": \"c\", \"status\": \"failed\", \"error\": \"boom\"}\n"
                + "  ],\n  \"summary\": {\"totalTasks\": 3, \"completed\": 1, \"pending\": 1, \"in_progress\": 0, \"failed\": 1, \"skipped\": 0}\n}\n";
        int padding = bytes - head.length() - tail.length();
        Path file = workspace.resolve("docs/plan-outputs/" + plan + "/status.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, head + "x".repeat(padding) + tail);
        assertEquals(bytes, Files.size(file));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    private HttpRequest.Builder post(int port, String path) {
        return get(port, path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    private String output() {
        return Processes.printed(workspace.resolve("planwatch.out"));
    }

    @Test
    void aFileJustUnderTheLimitIsServedConcurrentlyAndOneOverItIsRefusedAtTheShippedHeap() throws Exception {
        Files.createDirectories(workspace.resolve(".git"));
        statusFile("near", LIMIT - 64 * 1024);
        statusFile("over", 15 * 1000 * 1000);
        statusFile("eight", 8 * 1000 * 1000);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of("bin/planwatch").toAbsolutePath().toString(), "-Dquarkus.http.port=" + port)
                .directory(workspace.toFile()).redirectErrorStream(true).redirectOutput(workspace.resolve("planwatch.out").toFile());
        builder.environment().put("PLANWATCH_JAVA", JAVA);
        builder.environment().put("PLANWATCH_AOT", "0");
        builder.environment().remove("PLANWATCH_JVM_OPTS");
        planwatch = builder.start();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> !planwatch.isAlive() || send(get(port, "/health")).statusCode() == 200);
        assertTrue(planwatch.isAlive(), this::output);
        assertTrue(planwatch.info().arguments().map(List::of).orElseThrow().contains("-Xmx96m"), "runs at the shipped heap");

        String list = send(get(port, "/api/plans")).body();
        assertTrue(list.matches("(?s).*\"name\":\"over\".*\"statusError\":\"file is larger than 2097152 bytes\".*"), list);

        List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String view : List.of("", "/status", "/tasks")) {
                for (String plan : List.of("near", "over", "eight")) {
                    reads.add(HTTP.sendAsync(get(port, "/api/plans/" + plan + view).build(), HttpResponse.BodyHandlers.ofString()));
                }
            }
        }
        CompletableFuture<HttpResponse<String>> skipOver = HTTP.sendAsync(post(port, "/api/plans/over/tasks/1.2/skip").build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> retryEight = HTTP.sendAsync(post(port, "/api/plans/eight/tasks/1.3/retry").build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> skipNear = HTTP.sendAsync(post(port, "/api/plans/near/tasks/1.2/skip").build(),
                HttpResponse.BodyHandlers.ofString());
        for (CompletableFuture<HttpResponse<String>> read : reads) {
            HttpResponse<String> reply = read.get();
            assertEquals(200, reply.statusCode(), () -> reply.uri() + ": " + reply.body().substring(0, Math.min(300, reply.body().length())));
        }
        assertEquals(413, skipOver.get().statusCode(), skipOver.get().body());
        assertTrue(skipOver.get().body().contains("\"code\":\"STATUS_TOO_LARGE\""), skipOver.get().body());
        assertEquals(413, retryEight.get().statusCode(), retryEight.get().body());
        assertEquals(200, skipNear.get().statusCode(), skipNear.get().body());
        assertFalse(Files.exists(workspace.resolve("docs/plan-outputs/over/status.json.lock")), "the lock is released");
        assertFalse(Files.exists(workspace.resolve("docs/plan-outputs/eight/status.json.lock")), "the lock is released");
        assertFalse(Files.exists(workspace.resolve("docs/plan-outputs/near/status.json.lock")), "the lock is released");
        assertTrue(Files.readString(workspace.resolve("docs/plan-outputs/near/status.json")).contains("\"skipped\""));

        // The file that was served grows over the limit: its last good values stay, with the error.
        statusFile("near", 15 * 1000 * 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> send(get(port, "/api/plans/near")).body().contains("\"statusError\":\"file is larger"));
        String near = send(get(port, "/api/plans/near/tasks")).body();
        assertTrue(near.contains("\"id\":\"1.2\"") && near.contains("\"status\":\"skipped\""), "last good value served");
        assertTrue(planwatch.isAlive(), this::output);
        assertFalse(output().contains("OutOfMemoryError"), this::output);
    }
}
