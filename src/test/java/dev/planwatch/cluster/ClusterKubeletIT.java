package dev.planwatch.cluster;

import dev.planwatch.orchestrator.IpcClient;
import dev.planwatch.testing.Processes;
import dev.planwatch.testing.TestApiServer;
import dev.planwatch.testing.TestKubelet;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster mode end to end, with no cluster: the packaged planwatch as the hub, launched by this
 * test (which kills and restarts it), against a Kubernetes API server in CRUD mode, and a
 * {@link TestKubelet} that runs each Job's pod as this machine's processes: the real checkout script
 * cloning a file:// repository, the packaged planwatch as the native sidecar in control mode on the
 * pod's own loopback address, and the real orchestrator wrapper around the demo orchestrator (which
 * ships in planwatch's image) in that checkout. Everything is asked of the hub through its HTTP API.
 */
class ClusterKubeletIT {

    private static final Path APP = Path.of("target/quarkus-app").toAbsolutePath();
    private static final Path JAR = APP.resolve("quarkus-run.jar");
    /** The JDK running the tests is the one that built the package. */
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String NAMESPACE = "test";
    private static final String TOKEN = "it-cluster-token";
    private static final String IMAGE = "registry.example/planwatch:it";
    private static final String GIT_IMAGE = "alpine/git:2.47.2";
    private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration POD_START = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The package's start-up archive, as the image's JAVA_OPTS name it, when the build made one. */
    private static final String ARCHIVE = Files.isRegularFile(APP.resolve("app-cds.jsa")) ? " -XX:SharedArchiveFile=app-cds.jsa" : "";

    @TempDir
    static Path shared;
    private static Path origin;

    @TempDir
    Path dir;
    private TestApiServer api;
    private TestKubelet kubelet;
    /** The sidecars' port: the same for every hub of a test, as the hub's configuration does not change across its restart. */
    private int sidecarPort;
    private final List<Process> hubs = new ArrayList<>();

    /** The repository the runs clone: a fixture plan on its main branch, and a plan of three tasks. */
    @BeforeAll
    static void repository() throws Exception {
        Path work = Files.createDirectories(shared.resolve("work"));
        git(work, "init", "-q", "-b", "main");
        Files.createDirectories(work.resolve("docs/plans"));
        Files.copy(Path.of("src/test/resources/fixture-workspace/docs/plans/alpha.md"), work.resolve("docs/plans/alpha.md"));
        Files.writeString(work.resolve("docs/plans/steps.md"),
                "# Steps\n\n## Phase 1: Work\n- [ ] 1.1 first\n- [ ] 1.2 second\n- [ ] 1.3 third\n");
        git(work, "add", ".");
        git(work, "-c", "user.name=it", "-c", "user.email=it@example", "commit", "-q", "-m", "plans");
        origin = shared.resolve("origin.git");
        git(shared, "clone", "-q", "--bare", work.toString(), origin.toString());
    }

    @BeforeEach
    void cluster() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "the package is built first (./mvnw package): " + JAR);
        sidecarPort = freePort();
        api = new TestApiServer();
        api.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName("planwatch-token").endMetadata()
                .withData(Map.of("token", Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8))))
                .build()).create();
        // planwatch's image, as src/main/docker/Dockerfile.jvm makes it; the demo orchestrator is in it too
        TestKubelet.Image planwatch = new TestKubelet.Image(
                List.of("sh", "-c", "exec java $JAVA_OPTS -jar quarkus-run.jar \"$@\"", "planwatch"), "/opt/planwatch",
                Map.of("PATH", Path.of(JAVA).getParent() + ":" + SYSTEM_PATH, "HOME", "/tmp",
                        "PLANWATCH_WORKSPACE", "/workspace", "QUARKUS_HTTP_HOST", "0.0.0.0", "QUARKUS_HTTP_PORT", "3100",
                        "JAVA_OPTS", "-XX:+UseSerialGC -Xmx96m -XX:TieredStopAtLevel=1 -Xshare:auto" + ARCHIVE),
                Map.of("/opt/planwatch", APP));
        TestKubelet.Image git = new TestKubelet.Image(List.of("git"), null, Map.of("PATH", SYSTEM_PATH), Map.of());
        kubelet = new TestKubelet(api.client(), NAMESPACE, Map.of(IMAGE, planwatch, GIT_IMAGE, git), dir.resolve("n"));
    }

    @AfterEach
    void tearDown() {
        hubs.forEach(ClusterKubeletIT::kill);
        if (kubelet != null) {
            kubelet.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aStartRunsThePlanInAPodThatTheHubPausesResumesAndStops() throws Exception {
        Hub hub = hub(origin.toUri().toString());
        String id = hub.start("alpha");
        assertTrue(api.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(id).get() != null, "the start made the Job");

        TestKubelet.PodRun pod = awaitPod(id);
        hub.awaitRun(id, "running", POD_START);
        hub.api().get("/api/cluster/runs/" + id).then().body("data.podIp", equalTo(pod.ip())).body("data.pod", equalTo(pod.name()));
        JsonNode orchestrator = awaitOrchestrator(pod);
        assertEquals("docs/plans/alpha.md", orchestrator.path("plan_path").asText(), "the checkout points it at the plan");
        await().atMost(POD_START).until(() -> pod.ready(PlanJobs.SIDECAR));

        pauseAndResumeThroughTheHub(hub, id, pod, orchestrator);
        // A skip on the hub is the run's: the sidecar answers from the run's own status.json, where the
        // task is in progress (a task being worked on cannot be skipped).
        hub.api().contentType(ContentType.JSON).body("{\"reason\": \"not now\"}").post("/api/plans/alpha/tasks/1.1/skip").then()
                .statusCode(409).body("code", equalTo("TASK_NOT_SKIPPABLE")).body("error", containsString("sidecar of run " + id));

        List<Long> processes = pod.liveProcesses();
        long orchestratorPid = orchestrator.path("pid").asLong();
        assertTrue(processes.contains(orchestratorPid), "the orchestrator is one of the pod's processes: " + processes);
        hub.api().contentType(ContentType.JSON).body("{\"timeout\": 10}").post("/api/plans/alpha/stop").then().statusCode(200)
                .body("success", equalTo(true)).body("orchestrator.forced", equalTo(false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(),
                processes.stream().filter(pid -> !Processes.exited(pid)).toList(), "no process of the pod is left"));
        assertTrue(pod.liveProcesses().isEmpty(), "nor any the pod's containers started since: " + pod.liveProcesses());

        await().atMost(Duration.ofSeconds(10)).until(() -> !api.deletionsOf("/jobs/" + id).isEmpty());
        List<TestApiServer.Deletion> deletions = api.deletionsOf("/jobs/" + id);
        assertEquals(1, deletions.size(), "the hub deleted the Job once: " + deletions);
        assertTrue(deletions.get(0).options().contains("\"propagationPolicy\":\"Background\""), deletions.get(0).options());
        assertFalse(deletions.get(0).options().contains("gracePeriodSeconds"), "the pod's own grace period: " + deletions.get(0).options());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(null, api.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(id).get(), "the Job is gone");
            assertEquals(null, api.client().pods().inNamespace(NAMESPACE).withName(pod.name()).get(), "and its pod: " + kubelet.failures());
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> hub.api().get("/api/cluster/runs").then()
                .body("data.id", not(hasItem(id))));
        assertEquals(List.of(), kubelet.failures());
    }

    @Test
    void aRunningJobIsAdoptedByTheHubAfterItsRestartAndStaysUnderItsControl() throws Exception {
        Hub first = hub(origin.toUri().toString());
        String id = first.start("alpha");
        TestKubelet.PodRun pod = awaitPod(id);
        first.awaitRun(id, "running", POD_START);
        JsonNode orchestrator = awaitOrchestrator(pod);
        await().atMost(POD_START).until(() -> pod.ready(PlanJobs.SIDECAR));

        kill(first.process());
        assertFalse(Processes.exited(orchestrator.path("pid").asLong()), "the hub's end leaves the run alone");
        assertTrue(api.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(id).get() != null, "and its Job");

        Hub second = hub(origin.toUri().toString());
        // Adopted before the restarted hub answers its first request: no waiting here.
        second.api().get("/api/cluster/runs").then().statusCode(200)
                .body("data.find { it.id == '" + id + "' }.state", equalTo("running"))
                .body("data.find { it.id == '" + id + "' }.podIp", equalTo(pod.ip()));
        second.api().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start").then().statusCode(409)
                .body("code", equalTo("ALREADY_RUNNING")).body("details.orchestratorId", equalTo(id));
        pauseAndResumeThroughTheHub(second, id, pod, orchestrator);

        // The adopted run keeps streaming into the restarted hub: a new version of its status.json
        // and a new log line, written in the pod, reach the hub.
        Path checkout = pod.volume("workspace");
        Path status = checkout.resolve("docs/plan-outputs/alpha/status.json");
        ObjectNode version = (ObjectNode) JSON.readTree(status.toFile());
        version.put("lastUpdatedAt", "2026-12-05T09:00:00.000Z#after-restart");
        Path written = status.resolveSibling("status.json.it");
        Files.writeString(written, JSON.writeValueAsString(version));
        Files.move(written, status, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(checkout.resolve("orchestrator-alpha.log"), "a line after the hub's restart\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            second.api().get("/api/plans/alpha/status-file").then().statusCode(200).body(containsString("#after-restart"));
            second.api().get("/api/plans/alpha/logs?lines=50").then().statusCode(200).body(containsString("a line after the hub's restart"));
        });

        List<Long> processes = pod.liveProcesses();
        second.api().contentType(ContentType.JSON).body("{\"timeout\": 10}").post("/api/plans/alpha/stop").then().statusCode(200)
                .body("success", equalTo(true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(),
                processes.stream().filter(pid -> !Processes.exited(pid)).toList(), "no process of the pod is left"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(id).get() == null);
        assertEquals(1, api.deletionsOf("/jobs/" + id).size(), api.deletionsOf("/jobs/" + id).toString());
        assertEquals(List.of(), kubelet.failures());
    }

    @Test
    void aPodWhoseCheckoutFailsShowsTheRunFailedWithTheReason() throws Exception {
        Hub hub = hub(dir.resolve("no-such-repository.git").toUri().toString());
        String id = hub.start("alpha");
        TestKubelet.PodRun pod = awaitPod(id);
        hub.awaitRun(id, "failed", POD_START);
        hub.api().get("/api/cluster/runs/" + id).then().statusCode(200)
                .body("data.reason", equalTo("checkout exited with code 128"))
                .body("data.finishedAt", not(equalTo(null)));
        assertEquals(List.of(PlanJobs.CHECKOUT), pod.started(), "neither the sidecar nor the orchestrator started");
        assertTrue(pod.output(PlanJobs.CHECKOUT).contains("no-such-repository"), pod.output(PlanJobs.CHECKOUT));
        assertTrue(pod.liveProcesses().isEmpty(), pod.liveProcesses().toString());
        // A plan whose run failed may be started again: the failed run is not active.
        hub.api().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start").then().statusCode(200);
        assertEquals(List.of(), kubelet.failures());
    }

    /**
     * Needs the hub's relay of a cluster run's status.json and log (issue 29's part B). Without it the
     * hub's plan view shows its own clone's plan, which no run ever touches: this test fails there.
     */
    @Test
    @Tag("relay")
    void aRunsProgressReachesTheHubsPlanViewSocketAndLog() throws Exception {
        Hub hub = hub(origin.toUri().toString(), "-Dplanwatch.orchestrator.environment.PLANWATCH_DEMO_STEP_SECONDS=1",
                "-Dplanwatch.orchestrator.environment.PLANWATCH_DEMO_COMPLETE_SECONDS=0");
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + hub.port() + "/ws/all?access_token=" + TOKEN), collector(messages))
                .get(10, TimeUnit.SECONDS);
        try {
            String id = hub.start("steps");
            TestKubelet.PodRun pod = awaitPod(id);
            // The run itself did the work, in the pod's checkout...
            Path status = pod.volume("workspace").resolve("docs/plan-outputs/steps/status.json");
            await().atMost(Duration.ofSeconds(50)).ignoreExceptions().until(() -> JSON.readTree(status.toFile())
                    .path("tasks").findValuesAsText("status").stream().filter("completed"::equals).count() == 3);
            // ...and the hub shows it as its own plan's progress.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> hub.api().get("/api/plans/steps").then().statusCode(200)
                    .body("data.summary.completed", equalTo(3)));
            assertTrue(messages.stream().anyMatch(m -> "status".equals(m.path("type").asText()) && "steps".equals(m.path("plan").asText())),
                    "the run's progress reached /ws/all: " + messages);
            String log = hub.api().get("/api/plans/steps/logs?lines=200").then().statusCode(200).extract().asString();
            assertTrue(log.contains("Starting task 1.3"), "the run's log reached the hub: " + log);
            hub.awaitRun(id, "succeeded", Duration.ofSeconds(30));
        } finally {
            socket.abort();
        }
    }

    /** A hub that starts before its API server answers follows the runs once the server does. */
    @Test
    void aHubStartedBeforeItsApiServerFollowsTheRunsOnceItAnswers() throws Exception {
        int port = TestApiServer.freePort();
        Hub hub = hub(origin.toUri().toString(), "-Dquarkus.kubernetes-client.api-server-url=http://127.0.0.1:" + port);
        hub.api().get("/api/cluster/runs").then().statusCode(200).body("data", equalTo(List.of()));
        try (TestApiServer late = new TestApiServer(port)) {
            // A run an earlier hub started: the labels alone tie it to planwatch.
            String id = "pw-alpha-r261205000000-late";
            late.client().batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder()
                    .withNewMetadata().withName(id)
                        .withLabels(Map.of(PlanJobs.PLAN_LABEL, "alpha", PlanJobs.RUN_LABEL, "r261205000000-late"))
                    .endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("orchestrator").withImage(IMAGE)
                        .endContainer().endSpec().endTemplate().endSpec()
                    .build()).create();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> hub.api().get("/api/cluster/runs").then().statusCode(200)
                    .body("data.id", hasItem(id)));
        }
    }

    /** The plan view's {@code orchestrator} is the run, with its state and, once it failed, the reason. */
    @Test
    void aRunIsItsPlansOrchestratorWithItsStateAndReason() throws Exception {
        Hub hub = hub(origin.toUri().toString());
        String id = hub.start("alpha");
        hub.awaitRun(id, "running", POD_START);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> hub.api().get("/api/plans/alpha").then().statusCode(200)
                .body("data.orchestrator.id", equalTo(id)).body("data.orchestrator.running", equalTo(true)));
        hub.api().contentType(ContentType.JSON).body("{\"force\": true}").post("/api/plans/alpha/stop").then().statusCode(200);

        Hub broken = hub(dir.resolve("no-such-repository.git").toUri().toString());
        String failed = broken.start("steps");
        broken.awaitRun(failed, "failed", POD_START);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> broken.api().get("/api/plans/steps").then().statusCode(200)
                .body("data.orchestrator.id", equalTo(failed)).body("data.orchestrator.status", equalTo("failed"))
                .body("data.orchestrator.reason", equalTo("checkout exited with code 128")));
    }

    /**
     * A force stop asks the run's sidecar to kill the orchestrator (SIGKILL to its processes at once),
     * then deletes the Job with a grace period of 0. That grace period is the Job's only: the garbage
     * collector deletes the pod with the pod's own (the longest stop timeout plus 10 s), which would
     * give the orchestrator a SIGTERM and time to finish its task. With its orchestrator killed the
     * pod ends within seconds; until it has, the run is its plan's run, stopping, and a second start
     * of the plan is refused.
     */
    @Test
    void aForceStopEndsThePodAtOnceAndNoSecondRunStartsBesideIt() throws Exception {
        Hub hub = hub(origin.toUri().toString());
        String id = hub.start("alpha");
        TestKubelet.PodRun pod = awaitPod(id);
        hub.awaitRun(id, "running", POD_START);
        long orchestratorPid = awaitOrchestrator(pod).path("pid").asLong();
        await().atMost(POD_START).until(() -> pod.ready(PlanJobs.SIDECAR));
        List<Long> processes = pod.liveProcesses();
        assertTrue(processes.contains(orchestratorPid), "the orchestrator is one of the pod's processes: " + processes);

        hub.api().contentType(ContentType.JSON).body("{\"force\": true}").post("/api/plans/alpha/stop").then().statusCode(200)
                .body("orchestrator.forced", equalTo(true)).body("message", containsString("killed by its sidecar"));
        assertTrue(Processes.exited(orchestratorPid), "the orchestrator is dead once the force stop answers");
        Response again = hub.api().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start");
        List<Long> alive = processes.stream().filter(pid -> !Processes.exited(pid)).toList();
        if (again.statusCode() == 409) {
            again.then().body("code", equalTo("ALREADY_RUNNING")).body("details.orchestratorId", equalTo(id))
                    .body("details.state", equalTo("stopping"));
        } else {
            assertTrue(alive.isEmpty(), "a second run of alpha started (" + again.statusCode() + ") while the first one's processes still run: "
                    + alive);
        }
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertEquals(List.of(),
                processes.stream().filter(pid -> !Processes.exited(pid)).toList(), "a force stop ends the pod within seconds"));
        assertTrue(pod.liveProcesses().isEmpty(), "nor any the pod's containers started since: " + pod.liveProcesses());

        List<TestApiServer.Deletion> deletions = api.deletionsOf("/jobs/" + id);
        assertEquals(1, deletions.size(), "the hub deleted the Job once: " + deletions);
        assertTrue(deletions.get(0).options().contains("\"propagationPolicy\":\"Background\"")
                && deletions.get(0).options().contains("\"gracePeriodSeconds\":0"), deletions.get(0).options());
        if (again.statusCode() == 409) {
            // The first run's pod gone, the plan may run again.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> hub.api().get("/api/cluster/runs").then()
                    .body("data.id", not(hasItem(id))));
            hub.start("alpha");
        }
        assertEquals(List.of(), kubelet.failures());
    }

    // ---- the steps

    /**
     * Pause and resume through the hub reach the orchestrator in the pod: asked over its IPC socket,
     * it says so. The socket must be on a volume the sidecar shares with the orchestrator's container:
     * in a real pod each container has a /tmp of its own.
     */
    private static void pauseAndResumeThroughTheHub(Hub hub, String id, TestKubelet.PodRun pod, JsonNode orchestrator) throws Exception {
        Path socket = Path.of(orchestrator.path("socket_path").asText());
        assertTrue(pod.onVolumeSharedBy(socket, PlanJobs.SIDECAR, PlanJobs.ORCHESTRATOR),
                "the orchestrator's IPC socket " + socket + " is on no volume the sidecar shares with it: in a pod the sidecar cannot reach it");
        IpcClient ipc = new IpcClient(JSON);
        assertFalse(ipc.request(socket, "status", null, Duration.ofSeconds(5)).path("paused").asBoolean());
        hub.api().post("/api/orchestrators/" + id + "/pause").then().statusCode(200)
                .body("success", equalTo(true)).body("orchestratorId", equalTo(id));
        assertTrue(ipc.request(socket, "status", null, Duration.ofSeconds(5)).path("paused").asBoolean(), "paused in the pod");
        hub.api().post("/api/orchestrators/" + id + "/resume").then().statusCode(200).body("success", equalTo(true));
        assertFalse(ipc.request(socket, "status", null, Duration.ofSeconds(5)).path("paused").asBoolean(), "resumed in the pod");
        assertTrue(pod.output(PlanJobs.ORCHESTRATOR).contains("Pause requested via IPC"), pod.output(PlanJobs.ORCHESTRATOR));
    }

    private TestKubelet.PodRun awaitPod(String job) {
        await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.podOf(job).isPresent());
        return kubelet.podOf(job).orElseThrow();
    }

    /** The orchestrator's registry entry in the pod's checkout, once it registered. */
    private static JsonNode awaitOrchestrator(TestKubelet.PodRun pod) {
        Path registry = Workspace.registryFileOf(pod.volume("workspace"));
        try {
            await().atMost(POD_START).ignoreExceptions().until(() -> JSON.readTree(registry.toFile()).path("instances").size() == 1);
        } catch (RuntimeException e) {
            throw new AssertionError("no orchestrator registered in the pod; its containers printed:\n"
                    + pod.started().stream().map(c -> c + ":\n" + tail(pod.output(c))).collect(Collectors.joining("\n")), e);
        }
        try {
            return JSON.readTree(registry.toFile()).path("instances").get(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- the hub

    /** A hub launched by this test, on a free port, with its workspace a clone of {@code repository}'s main branch. */
    private record Hub(Process process, int port, Path output) {

        RequestSpecification api() {
            return RestAssured.given().baseUri("http://127.0.0.1").port(port).header("Authorization", "Bearer " + TOKEN);
        }

        String start(String plan) {
            return api().contentType(ContentType.JSON).body("{}").post("/api/plans/" + plan + "/start").then().statusCode(200)
                    .body("success", equalTo(true)).body("orchestrator.id", startsWith("pw-" + plan + "-r"))
                    .extract().path("orchestrator.id");
        }

        void awaitRun(String id, String state, Duration atMost) {
            try {
                await().atMost(atMost).untilAsserted(() -> api().get("/api/cluster/runs/" + id).then().statusCode(200)
                        .body("data.state", equalTo(state)));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("run " + id + " is not " + state + "; the hub printed:\n" + tail(Processes.printed(output)), e);
            }
        }
    }

    private Hub hub(String repository, String... more) throws Exception {
        Path workspace = dir.resolve("hub");
        if (!Files.isDirectory(workspace)) {
            git(dir, "clone", "-q", origin.toString(), workspace.toString());
        }
        Path tmp = Files.createDirectories(dir.resolve("hub-tmp"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Xshare:auto"));
        if (!ARCHIVE.isEmpty()) {
            command.add("-XX:SharedArchiveFile=" + APP.resolve("app-cds.jsa"));
        }
        command.addAll(List.of(
                "-Djava.io.tmpdir=" + tmp,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dplanwatch.workspace=" + workspace,
                "-Dplanwatch.state-dir=" + dir.resolve("hub-state"),
                "-Dplanwatch.security.token=" + TOKEN,
                "-Dplanwatch.orchestrator.launcher=kubernetes",
                "-Dquarkus.kubernetes-client.api-server-url=" + api.url(),
                "-Dquarkus.kubernetes-client.trust-certs=true",
                "-Dquarkus.kubernetes-client.namespace=" + NAMESPACE,
                "-Dplanwatch.kubernetes.namespace=" + NAMESPACE,
                "-Dplanwatch.kubernetes.repository=" + repository,
                "-Dplanwatch.kubernetes.sidecar-port=" + sidecarPort,
                "-Dplanwatch.kubernetes.planwatch-image=" + IMAGE,
                "-Dplanwatch.kubernetes.orchestrator-image=" + IMAGE,
                "-Dplanwatch.kubernetes.git-image=" + GIT_IMAGE,
                "-Dplanwatch.kubernetes.orchestrator-command=java,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-Xshare:auto,-Xmx64m,"
                        + "-jar,/opt/planwatch/quarkus-run.jar,demo-orchestrator,--plan,{planPath}",
                // long tasks, so that the run is still going whatever the test asks of it
                "-Dplanwatch.orchestrator.environment.PLANWATCH_DEMO_STEP_SECONDS=120"));
        command.addAll(List.of(more));
        command.addAll(List.of("-jar", JAR.toString()));
        Path output = dir.resolve("hub-" + hubs.size() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("HOME", dir.toString());
        builder.environment().remove("KUBECONFIG");
        Process process = builder.start();
        hubs.add(process);
        Hub hub = new Hub(process, port, output);
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                assertTrue(process.isAlive(), "the hub exited");
                return hub.api().get("/q/health/ready").statusCode() == 200;
            });
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("the hub did not become ready: " + Processes.printed(output), e);
        }
        return hub;
    }

    private static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static WebSocket.Listener collector(List<JsonNode> messages) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        messages.add(JSON.readTree(partial.toString()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void git(Path in, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", in.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", in.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "git ends");
        assertEquals(0, process.exitValue(), command + ": " + output);
    }
}
