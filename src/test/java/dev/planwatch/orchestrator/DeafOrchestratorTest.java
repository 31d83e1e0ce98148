package dev.planwatch.orchestrator;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An orchestrator that is alive but never accepts on its IPC socket (a full accept backlog): every
 * request that needs it fails within the IPC timeout, and it cannot tie up the worker pool.
 */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DeafOrchestratorTest {

    private static final String REGISTRY = ".claude/orchestrator-registry.json";

    private String original;
    private Process process;
    private ServerSocketChannel listener;
    private final List<SocketChannel> backlog = new ArrayList<>();

    @BeforeEach
    void deafPeer() throws IOException {
        original = Workspaces.read(REGISTRY);
        process = new ProcessBuilder("sleep", "120").start();
        Path socket = Files.createTempDirectory("deaf").resolve("orch.sock");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket), 0);
        // Fill the accept backlog with connections that are never accepted: further connects block.
        for (int i = 0; i < 2; i++) {
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.configureBlocking(false);
            try {
                client.connect(UnixDomainSocketAddress.of(socket));
                backlog.add(client);
            } catch (IOException full) {
                client.close();
            }
        }
        Instant started = process.toHandle().info().startInstant().orElseThrow();
        Workspaces.writeAtomically(REGISTRY, "{\"instances\": [{\"id\": \"orch-deaf\", \"pid\": " + process.pid()
                + ", \"plan_path\": \"docs/plans/md-only.md\", \"started_at\": \"" + started + "\", \"last_heartbeat\": \""
                + Instant.now() + "\", \"status\": \"running\", \"socket_path\": \"" + socket + "\"}]}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/orchestrators/orch-deaf").then().statusCode(200).body("data.alive", equalTo(true)));
    }

    @AfterEach
    void restore() throws IOException {
        process.destroyForcibly();
        for (SocketChannel client : backlog) {
            client.close();
        }
        listener.close();
        Workspaces.writeAtomically(REGISTRY, original);
    }

    @Test
    void aCommandFailsAfterTheIpcTimeout() {
        long start = System.nanoTime();
        given().post("/api/orchestrators/orch-deaf/pause").then().statusCode(503)
                .body("code", equalTo("ORCHESTRATOR_UNREACHABLE"));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 5_000, "answered after " + millis + " ms");
    }

    @Test
    void theListAnswersWithPausedUnknown() {
        long start = System.nanoTime();
        given().get("/api/orchestrators").then().statusCode(200)
                .body("data.find { it.id == 'orch-deaf' }.paused", nullValue());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 3_000, "answered after " + millis + " ms");
    }

    @Test
    void manyCallsToTheDeafPeerLeaveTheWorkersFree() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(64);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                calls.add(CompletableFuture.supplyAsync(() ->
                        given().post("/api/orchestrators/orch-deaf/pause").then().extract().statusCode(), clients));
            }
            // While they are in flight, other requests are served promptly.
            long start = System.nanoTime();
            given().get("/api/plans/md-only/findings").then().statusCode(200);
            given().get("/api/worktrees").then().statusCode(200);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis < 2_000, "other requests waited " + millis + " ms");
            for (CompletableFuture<Integer> call : calls) {
                assertTrue(call.get() == 503, "every call to the deaf peer is a 503");
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
