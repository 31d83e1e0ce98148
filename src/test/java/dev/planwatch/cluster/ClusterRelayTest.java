package dev.planwatch.cluster;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.SseClient;
import dev.planwatch.testing.Workspaces;
import dev.planwatch.testing.WsClient;
import dev.planwatch.workspace.Workspace;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub relays a cluster run's live status.json and log from the run's sidecar into its own
 * views, as if the plan were local. The sidecar is {@link TestSidecar} (this planwatch cannot play
 * it: in the kubernetes mode its outputs are the mirror the relay writes), on the pods' IP
 * (127.0.0.1) and the sidecar port; the tests play the Job controller and the kubelet, and script
 * the pods/log API's answer, which the CRUD server cannot produce.
 */
@QuarkusTest
@TestProfile(RelayProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithKubernetesTestServer(crud = true)
class ClusterRelayTest {

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/")
    URI base;

    @Inject
    RunRelays relays;

    @Inject
    Workspace workspace;

    private KubernetesClient api() {
        return server.getClient();
    }

    @Test
    void aRunsStatusAndLogAreRelayedResumedAndCompletedThenTheRelayStops() throws Exception {
        try (TestSidecar sidecar = new TestSidecar(RelayProfile.PORT, "alpha").start();
             WsClient all = WsClient.connect(base, "/ws/all")) {
            String first = Workspaces.statusJson("alpha", "2026-12-05T07:00:00Z", "completed", "pending");
            sidecar.writeStatus(first);
            sidecar.appendLog("one\n\nthree\n");
            String id = start("alpha");
            Pod pod = kubeletCreatesPod(id);
            podStatus(pod, "Running", running());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/cluster/runs/" + id).then()
                    .body("data.state", equalTo("running")));

            // On connect: the status file as the sidecar has it, in the mirror and in the hub's views.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/plans/alpha").then().statusCode(200)
                    .body("data.lastUpdatedAt", equalTo("2026-12-05T07:00:00Z")));
            assertArrayEquals(first.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(workspace.statusFile("alpha")));
            assertTrue(workspace.statusFile("alpha").startsWith(ClusterProfile.STATE_DIR.toRealPath()),
                    "the mirror is in planwatch's state directory: " + workspace.statusFile("alpha"));
            assertTrue(Files.readString(Workspaces.path("docs/plan-outputs/alpha/status.json")).contains("Alpha plan"),
                    "the repository's own status.json is left alone");

            // A push of the plan's socket: the new status reaches /ws/all.
            int from = all.payloads().size();
            String second = Workspaces.statusJson("alpha", "2026-12-05T07:01:00Z", "completed", "completed");
            sidecar.writeStatus(second);
            sidecar.pushStatus();
            all.await(from, m -> "status".equals(m.path("type").asText()) && "alpha".equals(m.path("plan").asText())
                    && m.path("progress").path("completed").asInt() == 2, Duration.ofSeconds(10));
            given().get("/api/plans/alpha").then().body("data.lastUpdatedAt", equalTo("2026-12-05T07:01:00Z"));

            Path log = workspace.logFile("alpha");
            try (SseClient follow = new SseClient(base.resolve("/api/plans/alpha/logs"), "0")) {
                // The log, line by line: the mirror keeps the run's length (the blank line the stream skips included).
                await().atMost(Duration.ofSeconds(10)).until(() -> follow.contents().size() >= 2);
                assertEquals(List.of("one", "three"), follow.contents());
                assertEquals("one\n\nthree\n", Files.readString(log));
                assertEquals("0", sidecar.lastEventIds.get(0), "a new run's log is relayed from its first byte");

                // A cut: the relay resumes where the mirror ends, and nothing is sent twice.
                sidecar.cutLogStreams();
                sidecar.appendLog("four\n");
                await().atMost(Duration.ofSeconds(10)).until(() -> follow.contents().size() >= 3);
                assertEquals("11", sidecar.lastEventIds.get(1), "Last-Event-ID is the mirror's size");
                assertEquals(List.of("one", "three", "four"), follow.contents());

                // The sidecar goes away a while: the relay retries, with growing pauses, until it is back.
                int socketsBefore = sidecar.socketsOpened.get();
                sidecar.stop();
                sidecar.appendLog("five\n");
                Thread.sleep(1500);
                sidecar.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> follow.contents().size() >= 4);
                assertEquals(List.of("one", "three", "four", "five"), follow.contents());
                await().atMost(Duration.ofSeconds(20)).until(() -> sidecar.socketsOpened.get() > socketsBefore);
                assertEquals("one\n\nthree\nfour\nfive\n", Files.readString(log));

                // The run ends and its sidecar with it: what the relay missed comes from the pods/log API, once.
                sidecar.appendLog("six\n");
                sidecar.stop();
                String whole = "one\n\nthree\nfour\nfive\nsix\n";
                finish(id, pod, whole);
                await().atMost(Duration.ofSeconds(10)).until(() -> follow.contents().size() >= 5);
                assertEquals(List.of("one", "three", "four", "five", "six"), follow.contents());
                assertEquals(whole, Files.readString(log));
            }

            // The run ended: its relay is gone, and a sidecar at its address hears from the hub no more.
            await().atMost(Duration.ofSeconds(10)).until(() -> !relays.relayed().contains(id));
            int streams = sidecar.lastEventIds.size();
            int statusGets = sidecar.statusGets.get();
            sidecar.start();
            Thread.sleep(2000);
            assertEquals(streams, sidecar.lastEventIds.size());
            assertEquals(statusGets, sidecar.statusGets.get());
            given().get("/api/plans/alpha").then().body("data.lastUpdatedAt", equalTo("2026-12-05T07:01:00Z"));
        }
    }

    @Test
    void aNewRunsLogFollowsThePreviousRunsInTheMirrorWithItsOwnOffsets() throws Exception {
        try (TestSidecar sidecar = new TestSidecar(RelayProfile.PORT, "rounding").start()) {
            Path log = workspace.logFile("rounding");
            sidecar.appendLog("first run\n");
            String first = start("rounding");
            Pod firstPod = kubeletCreatesPod(first);
            podStatus(firstPod, "Running", running());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readString(log).equals("first run\n"));
            finish(first, firstPod, "first run\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> !relays.relayed().contains(first));

            // The next run works in a fresh checkout: its log starts empty, and its offsets at 0.
            Files.delete(sidecar.logFile());
            sidecar.appendLog("second run\n");
            int streams = sidecar.lastEventIds.size();
            String second = start("rounding");
            Pod secondPod = kubeletCreatesPod(second);
            podStatus(secondPod, "Running", running());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).equals("first run\nsecond run\n"));
            assertEquals("0", sidecar.lastEventIds.get(streams), "the new run's log is relayed from its own first byte");
            try (SseClient follow = new SseClient(base.resolve("/api/plans/rounding/logs"), "0")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> follow.contents().size() >= 2);
                assertEquals(List.of("first run", "second run"), follow.contents());
            }
            finish(second, secondPod, "second run\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> !relays.relayed().contains(second));
            assertEquals("first run\nsecond run\n", Files.readString(log), "nothing more: the API had nothing the relay missed");
        }
    }

    @Test
    void aSidecarThatFallsSilentIsReconnected() throws Exception {
        try (TestSidecar sidecar = new TestSidecar(RelayProfile.PORT, "done").start()) {
            sidecar.heartbeatEvery(500);
            Path log = workspace.logFile("done");
            sidecar.appendLog("before\n");
            String id = start("done");
            Pod pod = kubeletCreatesPod(id);
            podStatus(pod, "Running", running());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readString(log).equals("before\n"));
            int streams = sidecar.lastEventIds.size();
            int sockets = sidecar.socketsOpened.get();

            // Cut off without a close: the connections stay open and carry nothing, not even heartbeats.
            sidecar.mute(true);
            await().atMost(Duration.ofSeconds(20)).until(() -> sidecar.lastEventIds.size() > streams
                    && sidecar.socketsOpened.get() > sockets);
            sidecar.mute(false);
            sidecar.appendLog("after\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).equals("before\nafter\n"));
            assertEquals("7", sidecar.lastEventIds.get(streams), "resumed where the mirror ends");
            finish(id, pod, "before\nafter\n");
        }
    }

    private static ContainerStatus running() {
        return new ContainerStatusBuilder().withName("orchestrator").withNewState().withNewRunning().endRunning().endState().build();
    }

    /** The run's orchestrator ended with 0: pod and Job say so, and the pods/log API keeps its output. */
    private void finish(String id, Pod pod, String output) {
        server.expect().get().withPath("/api/v1/namespaces/" + ClusterProfile.NAMESPACE + "/pods/"
                + pod.getMetadata().getName() + "/log?pretty=false&container=orchestrator").andReturn(200, output).always();
        podStatus(pod, "Succeeded", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState().build());
        api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).editStatus(j -> new JobBuilder(j)
                .withNewStatus().withSucceeded(1).withConditions(new JobConditionBuilder().withType("Complete")
                        .withStatus("True").withLastTransitionTime("2026-12-05T07:05:00Z").build()).endStatus().build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/cluster/runs/" + id).then()
                .body("data.state", equalTo("succeeded")));
    }

    private String start(String plan) {
        return given().contentType(ContentType.JSON).body("{}").post("/api/plans/" + plan + "/start")
                .then().statusCode(200).extract().path("orchestrator.id");
    }

    private Pod kubeletCreatesPod(String id) {
        Job job = api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).get();
        return api().pods().inNamespace(ClusterProfile.NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(id + "-r1").withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels("job-name", id).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
    }

    private void podStatus(Pod pod, String phase, ContainerStatus status) {
        api().pods().inNamespace(ClusterProfile.NAMESPACE).withName(pod.getMetadata().getName()).editStatus(p -> new PodBuilder(p)
                .withNewStatus().withPhase(phase).withPodIP("127.0.0.1").withContainerStatuses(status).endStatus().build());
    }
}
