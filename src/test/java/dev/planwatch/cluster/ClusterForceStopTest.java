package dev.planwatch.cluster;

import dev.planwatch.testing.FixtureWorkspace;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A force stop of a cluster run asks the run's sidecar (here the test's fake, at the pod's IP and the
 * sidecar port) for a force stop before it deletes the Job with a grace period of 0: the sidecar
 * kills the orchestrator at once, which the Job's deletion alone would not (the garbage collector
 * deletes the pod with the pod's own grace period).
 */
@QuarkusTest
@TestProfile(FakeSidecarProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithKubernetesTestServer(crud = true)
class ClusterForceStopTest {

    @KubernetesTestServer
    KubernetesServer server;

    private HttpServer sidecar;
    /** What the fake sidecar was asked: method, path, body, and whether the run's Job still existed then. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    /** The run under test: its Job's name. */
    private volatile String run;

    private KubernetesClient api() {
        return server.getClient();
    }

    @BeforeEach
    void fakeSidecar() throws IOException {
        sidecar = HttpServer.create(new InetSocketAddress("127.0.0.1", FakeSidecarProfile.SIDECAR_PORT), 0);
        sidecar.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean jobThere = run != null && api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(run).get() != null;
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body + " job:" + jobThere);
            byte[] answer = ("{\"success\":true,\"message\":\"Orchestrator stopped for plan alpha\",\"orchestrator\":"
                    + "{\"pid\":4242,\"forced\":true,\"exitCode\":137,\"processesEnded\":3}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        sidecar.start();
    }

    @AfterEach
    void stopSidecar() {
        sidecar.stop(0);
    }

    @Test
    void aForceStopHasTheSidecarKillTheOrchestratorThenDeletesTheJobWithGraceZero() throws InterruptedException {
        String id = given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start").then().statusCode(200)
                .extract().path("orchestrator.id");
        run = id;
        Job job = api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).get();
        Pod pod = api().pods().inNamespace(ClusterProfile.NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(id + "-f1").withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                    .addToLabels("job-name", id).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
        api().pods().inNamespace(ClusterProfile.NAMESPACE).withName(pod.getMetadata().getName()).editStatus(p -> new PodBuilder(p)
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").withContainerStatuses(new ContainerStatusBuilder()
                        .withName("orchestrator").withNewState().withNewRunning().endRunning().endState().build()).endStatus().build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/cluster/runs/" + id).then()
                .body("data.state", equalTo("running")));
        while (server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS) != null) {
            // the requests before the stop
        }

        given().contentType(ContentType.JSON).body("{\"force\": true}").post("/api/plans/alpha/stop").then().statusCode(200)
                .body("success", equalTo(true))
                .body("message", containsString("killed by its sidecar"))
                .body("orchestrator.forced", equalTo(true))
                .body("orchestrator.exitCode", equalTo(137))
                .body("orchestrator.processesEnded", equalTo(3));
        List<String> stops = asked.stream().filter(a -> a.startsWith("POST ")).toList();
        assertEquals(List.of("POST /api/plans/alpha/stop {\"force\":true} job:true"), stops,
                "one force stop asked of the sidecar, while the Job was still there");
        String delete = null;
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(5, TimeUnit.SECONDS)) != null) {
            if ("DELETE".equals(request.getMethod()) && request.getPath().contains("/jobs/" + id)) {
                delete = request.getBody().readUtf8();
                break;
            }
        }
        assertTrue(delete != null && delete.contains("\"propagationPolicy\":\"Background\"")
                && delete.contains("\"gracePeriodSeconds\":0"), "the Job deleted at once: " + delete);
        // Its pod not yet gone (this API server collects no garbage), the run is stopping and the plan may not start.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/cluster/runs/" + id).then()
                .body("data.state", equalTo("stopping")));
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start").then().statusCode(409)
                .body("code", equalTo("ALREADY_RUNNING"));
    }
}
