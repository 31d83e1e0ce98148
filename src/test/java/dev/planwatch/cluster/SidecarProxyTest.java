package dev.planwatch.cluster;

import dev.planwatch.testing.FixtureWorkspace;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Pause and resume of a cluster run go to its pod's sidecar, which drives the orchestrator in the
 * pod over its IPC socket. Here the sidecar is this planwatch (its pods' IP and sidecar port are its
 * own), and the orchestrator a real demo orchestrator the test runs in the workspace, as the pod's
 * main container would.
 */
@QuarkusTest
@TestProfile(SidecarProxyProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithKubernetesTestServer(crud = true)
class SidecarProxyTest {

    @KubernetesTestServer
    KubernetesServer server;

    private final List<Long> orchestrators = new ArrayList<>();

    @AfterEach
    void stopOrchestrators() {
        orchestrators.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
    }

    @Test
    void pauseAndResumeOfARunReachTheOrchestratorInItsPod() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start").then().statusCode(200)
                .body("orchestrator.id", startsWith("pw-alpha-r")).extract().path("orchestrator.id");
        // Before the pod runs there is nothing to pause.
        given().post("/api/orchestrators/" + id + "/pause").then().statusCode(503).body("code", equalTo("ORCHESTRATOR_UNREACHABLE"));

        // The kubelet: the pod runs, its orchestrator container starts the plan's orchestrator in the checkout.
        Job job = server.getClient().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).get();
        Pod pod = server.getClient().pods().inNamespace(ClusterProfile.NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(id + "-p1").withLabels(job.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
        Process container = orchestrator("alpha");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/plans/alpha").jsonPath()
                .getBoolean("data.orchestrator.running"));
        String local = given().get("/api/plans/alpha").jsonPath().getString("data.orchestrator.id");
        orchestrators.add(given().get("/api/orchestrators/" + local).jsonPath().getLong("data.pid"));
        server.getClient().pods().inNamespace(ClusterProfile.NAMESPACE).withName(pod.getMetadata().getName())
                .editStatus(p -> new PodBuilder(p).withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
                        .withContainerStatuses(new ContainerStatusBuilder().withName("orchestrator")
                                .withNewState().withNewRunning().endRunning().endState().build())
                        .endStatus().build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/cluster/runs/" + id).then()
                .body("data.state", equalTo("running")));

        given().post("/api/orchestrators/" + id + "/pause").then().statusCode(200)
                .body("success", equalTo(true)).body("orchestratorId", equalTo(id));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/orchestrators/" + local).then()
                .body("data.paused", equalTo(true)));
        // The run, as the hub's orchestrator, is paused as its sidecar says.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/orchestrators/" + id).then()
                .body("data.paused", equalTo(true)).body("data.status", equalTo("paused")).body("data.lifecycle", equalTo("paused")));
        given().post("/api/orchestrators/" + id + "/resume").then().statusCode(200).body("success", equalTo(true));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/orchestrators/" + local).then()
                .body("data.paused", equalTo(false)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/orchestrators/" + id).then()
                .body("data.paused", equalTo(false)).body("data.status", equalTo("running")));
        container.waitFor();
    }

    /** The demo orchestrator for {@code plan} in the workspace, as the test orchestrator script runs it (it detaches). */
    private static Process orchestrator(String plan) throws Exception {
        Path script = Path.of(SidecarProxyTest.class.getClassLoader().getResource("test-orchestrator.sh").toURI());
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), System.getProperty("java.class.path"),
                "--plan", "docs/plans/" + plan + ".md", "--daemon")
                .directory(FixtureWorkspace.latestRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PLANWATCH_DEMO_PLAN_FROM_CURRENT", "0");
        builder.environment().put("PLANWATCH_DEMO_STEP_SECONDS", "30");
        return builder.start();
    }
}
