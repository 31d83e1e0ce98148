package dev.planwatch.packaging;

import dev.planwatch.testing.Processes;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged jar as a user launches it: refusing an exposed bind without a token, honouring
 * git-workflow.json's api block, and a SIGTERM with clients attached.
 */
class LauncherIT {

    private static final Path APP = Path.of("target/quarkus-app");
    private static final Path JAR = APP.resolve("quarkus-run.jar");
    /** The JDK running the tests is the one that built the package (and its start-up archive). */
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workspace;
    private final List<Process> launched = new ArrayList<>();
    private final List<Long> orchestrators = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        launched.forEach(Process::destroyForcibly);
        orchestrators.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private void plan(String name, int tasks) throws IOException {
        Files.createDirectories(workspace.resolve("docs/plans"));
        Files.createDirectories(workspace.resolve(".git"));
        StringBuilder markdown = new StringBuilder("# " + name + "\n\n## Phase 1: Work\n");
        for (int i = 1; i <= tasks; i++) {
            markdown.append("- [ ] 1.").append(i).append(" task\n");
        }
        Files.writeString(workspace.resolve("docs/plans/" + name + ".md"), markdown);
    }

    private Process launch(Path output, String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        return start(new ProcessBuilder(command).directory(workspace.toFile()), output);
    }

    private Process start(ProcessBuilder builder, Path output) throws IOException {
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PLANWATCH_DEMO_STEP_SECONDS", "5");
        Process process = builder.start();
        launched.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitServing(int port) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get(port, "/health").statusCode() == 200);
    }

    /** Launches with {@code properties}, expects a prompt non-zero exit, returns what was printed. */
    private String launchFailing(String... properties) throws Exception {
        plan("alpha", 1);
        Path output = workspace.resolve("planwatch.out");
        Process process = launch(output, properties);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits instead of serving");
        assertNotEquals(0, process.exitValue());
        return Files.readString(output);
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAToken() throws Exception {
        String printed = launchFailing("-Dquarkus.http.host=0.0.0.0", "-Dquarkus.http.port=" + freePort());
        assertTrue(printed.contains("Refusing to listen on 0.0.0.0 without a token"), printed);
    }

    @Test
    void aBadConfigurationSaysWhyAndListsTheKeys() throws Exception {
        String printed = launchFailing("-Dplanwatch.orchestrator.mode=bogus", "-Dquarkus.http.port=" + freePort());
        assertTrue(printed.contains("planwatch could not start") && printed.contains("allowed values: control,observe"), printed);
        assertTrue(printed.contains("PLANWATCH_SECURITY_TOKEN") && printed.contains("planwatch.orchestrator.mode"), printed);
    }

    @Test
    void listensBeyondLoopbackWithAToken() throws Exception {
        plan("alpha", 1);
        int port = freePort();
        launch(workspace.resolve("planwatch.out"), "-Dquarkus.http.host=0.0.0.0", "-Dquarkus.http.port=" + port,
                "-Dplanwatch.security.token=it-token");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get(port, "/q/health/live").statusCode() == 200);
        assertEquals(401, get(port, "/api/plans").statusCode());
        HttpResponse<String> withToken = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plans"))
                .header("Authorization", "Bearer it-token").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withToken.statusCode());
    }

    @Test
    void gitWorkflowApiPortIsHonoured() throws Exception {
        plan("alpha", 1);
        int port = freePort();
        Files.createDirectories(workspace.resolve(".claude"));
        Files.writeString(workspace.resolve(".claude/git-workflow.json"), "{\"api\": {\"port\": " + port + "}}");
        launch(workspace.resolve("planwatch.out"));
        awaitServing(port);
        assertTrue(get(port, "/api/plans").body().contains("\"name\":\"alpha\""));
    }

    @Test
    void theRunCommandServesTheGitToplevelWithAStartupArchive() throws Exception {
        plan("alpha", 1);
        Path subdirectory = Files.createDirectories(workspace.resolve("docs/plans"));
        int port = freePort();
        // Make the JVM refuse to start rather than silently run without the archive bin/planwatch picks.
        String strictArchive = strictArchiveFlag();
        startRunCommand(subdirectory, port, strictArchive == null ? new String[0] : new String[] {strictArchive});
        assertTrue(get(port, "/api/plans").body().contains("\"name\":\"alpha\""), "serves the git toplevel, not docs/plans");
    }

    @Test
    void theFirstStartOnAJdkRecordsAStartupArchiveThatLaterStartsUse() throws Exception {
        boolean buildMadeOneForThisJdk = Files.exists(APP.resolve("app.aot")) && Runtime.version().feature() >= 25;
        assumeTrue(!buildMadeOneForThisJdk, "the -Daot build's cache is used instead of a recorded one");
        try (Stream<Path> recorded = Files.list(APP)) {
            for (Path stale : recorded.filter(file -> file.getFileName().toString().startsWith("planwatch-")).toList()) {
                Files.delete(stale);
            }
        }
        plan("alpha", 1);
        String option = Runtime.version().feature() >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";

        Process first = startRunCommand(workspace, freePort());
        assertTrue(output().contains("recording a start-up archive (once"), this::output);
        Path archive = recordedArchive();
        assertTrue(Files.size(archive) > 0);
        assertTrue(first.info().arguments().map(List::of).orElseThrow().contains(option + archive.toAbsolutePath()),
                () -> "started with the recorded archive: " + first.info().commandLine().orElse("?"));
        first.destroy();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));

        // The next start records nothing, and the JVM refuses to start unless it maps that archive.
        Files.delete(workspace.resolve("planwatch.out"));
        startRunCommand(workspace, freePort(), Runtime.version().feature() >= 25 ? "-XX:AOTMode=on" : "-Xshare:on");
        assertTrue(!output().contains("recording"), this::output);
        assertEquals(archive, recordedArchive());
    }

    /** bin/planwatch started in {@code directory} on the test's JDK, serving on {@code port}; fails unless it serves. */
    private Process startRunCommand(Path directory, int port, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of("bin/planwatch").toAbsolutePath().toString(),
                "-Dquarkus.http.port=" + port));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("PLANWATCH_JAVA", JAVA);
        Process planwatch = start(builder, workspace.resolve("planwatch.out"));
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> !planwatch.isAlive() || get(port, "/health").statusCode() == 200);
        assertTrue(planwatch.isAlive(), () -> "bin/planwatch " + command + " is serving: " + output());
        return planwatch;
    }

    private static Path recordedArchive() throws IOException {
        try (Stream<Path> files = Files.list(APP)) {
            List<Path> archives = files.filter(file -> file.getFileName().toString().matches("planwatch-.*\\.(jsa|aot)")).toList();
            assertEquals(1, archives.size(), "one archive recorded for this JDK: " + archives);
            return archives.get(0);
        }
    }

    @Test
    void theRunCommandStartsWithoutAnArchiveAnotherJdkMade() throws Exception {
        assumeTrue(Files.exists(APP.resolve("app.aot")) || Files.exists(APP.resolve("app-cds.jsa")), "the build made no archive");
        // A JDK whose release file names another build: its JVM could not map the build's archive.
        Path jdk = Files.createDirectories(workspace.resolve("other-jdk/bin"));
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec '" + JAVA + "' \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"0.0.1\"\nJAVA_RUNTIME_VERSION=\"0.0.1+1-other\"\n");
        ProcessBuilder builder = new ProcessBuilder(Path.of("bin/planwatch").toAbsolutePath().toString(), "--help")
                .directory(workspace.toFile());
        builder.environment().put("PLANWATCH_JAVA", java.toString());
        Process help = start(builder, workspace.resolve("planwatch.out"));
        assertTrue(help.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue(), this::output);
        assertTrue(output().contains("was made by another JDK than " + java + " (0.0.1+1-other); starting without it"), this::output);
        assertTrue(output().contains("Usage: planwatch"), this::output);
    }

    /** The flag under which the JVM fails unless it uses the archive bin/planwatch picks; null without one. */
    private static String strictArchiveFlag() {
        if (Files.exists(APP.resolve("app.aot")) && Runtime.version().feature() >= 25) {
            return "-XX:AOTMode=on";
        }
        return Files.exists(APP.resolve("app-cds.jsa")) ? "-Xshare:on" : null;
    }

    private String output() {
        return Processes.printed(workspace.resolve("planwatch.out"));
    }

    @Test
    void sigtermClosesSocketsAndStreamsPromptlyAndLeavesOrchestratorsRunning() throws Exception {
        plan("alpha", 8);
        int port = freePort();
        Process planwatch = launch(workspace.resolve("planwatch.out"), "-Dquarkus.http.port=" + port);
        awaitServing(port);
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plans/alpha/start"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, started.statusCode(), started.body());
        // The start reply's orchestrator pid (its data also lists the orchestrator's processes, workers included).
        long orchestrator = new ObjectMapper().readTree(started.body()).path("orchestrator").path("pid").asLong();
        orchestrators.add(orchestrator);

        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/plans/alpha"),
                new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket webSocket) {
                        webSocket.request(Long.MAX_VALUE);
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        CompletableFuture<HttpResponse<Stream<String>>> stream = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plans/alpha/logs?follow=true")).build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> sse = stream.get(10, TimeUnit.SECONDS);
        assertEquals(200, sse.statusCode());
        CompletableFuture<Long> sseEnded = CompletableFuture.supplyAsync(() -> sse.body().count());

        long begin = System.nanoTime();
        planwatch.destroy(); // SIGTERM
        assertTrue(planwatch.waitFor(10, TimeUnit.SECONDS), "planwatch exits");
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "exits within quarkus.shutdown.timeout (2 s) and a margin: " + took);
        assertEquals(1001, closeCode.get(5, TimeUnit.SECONDS), "sockets are closed as going away");
        assertTrue(sseEnded.get(5, TimeUnit.SECONDS) >= 0, "the log stream ended");
        assertTrue(!Processes.exited(orchestrator), "the orchestrator outlives planwatch");
        String printed = output();
        assertTrue(!printed.contains("ERROR") && !printed.contains("Timed out waiting"), "a clean shutdown logs no error: " + printed);
        assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, "an opened socket does not hold shutdown to its timeout: " + took);
    }

    @Test
    void theTokenReachesNeitherTheOrchestratorNorItsWorkers() throws Exception {
        plan("alpha", 8);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-Dquarkus.http.port=" + port,
                "-Dplanwatch.orchestrator.environment.CONFIGURED_FOR_TASKS=kept", "-jar", JAR.toAbsolutePath().toString())
                .directory(workspace.toFile());
        builder.environment().put("PLANWATCH_SECURITY_TOKEN", "secret-it-token");
        start(builder, workspace.resolve("planwatch.out"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get(port, "/health").statusCode() == 200);
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plans/alpha/start"))
                .header("Authorization", "Bearer secret-it-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, started.statusCode(), started.body());
        // The start reply's orchestrator pid (its data also lists the orchestrator's processes, workers included).
        long orchestrator = new ObjectMapper().readTree(started.body()).path("orchestrator").path("pid").asLong();
        orchestrators.add(orchestrator);
        // The demo orchestrator runs each task in a worker child, as the real one runs an agent.
        // A worker is another JVM: on a loaded machine its start takes a while.
        long worker = await().atMost(Duration.ofSeconds(90)).until(() -> ProcessHandle.of(orchestrator)
                .map(process -> process.descendants().mapToLong(ProcessHandle::pid).findFirst().orElse(-1)).orElse(-1L), pid -> pid > 0);
        for (long pid : List.of(orchestrator, worker)) {
            String environment = String.join("\n", Processes.environment(pid));
            assertTrue(!environment.contains("secret-it-token") && !environment.contains("PLANWATCH_SECURITY_TOKEN"),
                    "pid " + pid + " has the token: " + environment);
            assertTrue(environment.contains("CONFIGURED_FOR_TASKS=kept") && environment.contains("PYTHONUNBUFFERED=1"),
                    "pid " + pid + " has the configured environment: " + environment);
        }
    }

    @Test
    void sigtermDuringAPendingStartAnswersItAndExitsPromptlyWithoutErrors() throws Exception {
        plan("alpha", 1);
        int port = freePort();
        // "true" exits at once without registering: a start then waits for a daemon that never comes.
        Process planwatch = launch(workspace.resolve("planwatch.out"), "-Dquarkus.http.port=" + port,
                "-Dplanwatch.orchestrator.command=true", "-Dplanwatch.orchestrator.start-timeout=10s");
        awaitServing(port);
        CompletableFuture<HttpResponse<String>> start = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plans/alpha/start"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> output().contains("starting orchestrator")
                || Files.exists(workspace.resolve("orchestrator-alpha.log")));
        long begin = System.nanoTime();
        planwatch.destroy(); // SIGTERM
        assertTrue(planwatch.waitFor(10, TimeUnit.SECONDS), "planwatch exits");
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "exits within quarkus.shutdown.timeout (2 s) and a margin: " + took);
        HttpResponse<String> answered = start.get(5, TimeUnit.SECONDS);
        assertEquals(503, answered.statusCode(), answered.body());
        assertTrue(answered.body().contains("\"code\":\"SHUTTING_DOWN\""), answered.body());
        String printed = output();
        assertTrue(!printed.contains("ERROR") && !printed.contains("Exception"), printed);
    }
}
