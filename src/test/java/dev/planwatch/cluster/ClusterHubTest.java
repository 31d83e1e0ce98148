package dev.planwatch.cluster;

import dev.planwatch.testing.FixtureWorkspace;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub against a Kubernetes API server in CRUD mode. The server runs no controllers, so the
 * tests play the Job controller and the kubelet: they make the pod and write its status.
 */
@QuarkusTest
@TestProfile(ClusterProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithKubernetesTestServer(crud = true)
class ClusterHubTest {

    @KubernetesTestServer
    KubernetesServer server;

    private KubernetesClient api() {
        return server.getClient();
    }

    private Job job(String id) {
        return api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).get();
    }

    private String start(String plan, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans/" + plan + "/start")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("orchestrator.id", startsWith("pw-" + plan + "-r"))
                .extract().path("orchestrator.id");
    }

    @Test
    void aStartCreatesTheRunsJobAsSpecified() {
        String id = start("alpha", "{\"timeout\": 900, \"batchSize\": 3, \"autoComplete\": false}");
        Job job = job(id);
        assertNotNull(job, "the Job exists");
        Map<String, String> labels = job.getMetadata().getLabels();
        assertEquals("alpha", labels.get("planwatch.dev/plan"));
        assertTrue(id.endsWith(labels.get("planwatch.dev/run")), labels.toString());
        assertEquals("alpha", job.getMetadata().getAnnotations().get("planwatch.dev/plan"));
        assertTrue(job.getMetadata().getOwnerReferences() == null || job.getMetadata().getOwnerReferences().isEmpty(),
                "the hub owns none of its Jobs: its own deletion must not collect running plans");
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(900L, job.getSpec().getActiveDeadlineSeconds(), "the start's timeout is the run's deadline");
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals(labels, job.getSpec().getTemplate().getMetadata().getLabels(), "the pod carries the run's labels");

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertTrue(pod.getShareProcessNamespace(), "the sidecar sees and signals the orchestrator's processes");
        assertTrue(pod.getTerminationGracePeriodSeconds() >= 130, "no shorter than the longest stop timeout");
        assertEquals(1001L, pod.getSecurityContext().getRunAsUser(), "one user for every container: signals need it");
        assertEquals(List.of("workspace", "scratch", "tmp"), pod.getVolumes().stream().map(v -> v.getName()).toList());
        assertTrue(pod.getContainers().get(0).getVolumeMounts().stream().anyMatch(m -> "tmp".equals(m.getName()) && "/tmp".equals(m.getMountPath()))
                && pod.getInitContainers().get(1).getVolumeMounts().stream().anyMatch(m -> "tmp".equals(m.getName())),
                "the orchestrator's IPC socket in /tmp is where its sidecar can reach it");
        assertNotNull(pod.getVolumes().get(0).getEmptyDir());

        assertEquals(List.of("checkout", "planwatch"), pod.getInitContainers().stream().map(Container::getName).toList());
        Container checkout = pod.getInitContainers().get(0);
        assertEquals("alpine/git:2.47.2", checkout.getImage());
        assertEquals(List.of("sh", "-c"), checkout.getCommand().subList(0, 2));
        assertTrue(checkout.getCommand().get(2).contains("git clone"), "the checkout script");
        assertEquals(ClusterProfile.REPOSITORY, env(checkout, "REPOSITORY").getValue());
        assertEquals("plan/alpha", env(checkout, "PLAN_BRANCH").getValue());
        assertEquals("main", env(checkout, "MAIN_BRANCH").getValue());
        assertEquals("docs/plans/alpha.md", env(checkout, "PLAN_PATH").getValue());
        assertEquals("planwatch-git", env(checkout, "GIT_TOKEN").getValueFrom().getSecretKeyRef().getName());
        assertTrue(env(checkout, "GIT_TOKEN").getValueFrom().getSecretKeyRef().getOptional());

        Container sidecar = pod.getInitContainers().get(1);
        assertEquals("Always", sidecar.getRestartPolicy(), "a native sidecar: the Job completes with the orchestrator");
        assertEquals("registry.example/planwatch:1.0", sidecar.getImage());
        assertEquals("planwatch", sidecar.getPorts().get(0).getName());
        assertEquals(1, sidecar.getPorts().get(0).getContainerPort());
        assertEquals("control", env(sidecar, "PLANWATCH_ORCHESTRATOR_MODE").getValue());
        assertEquals("/workspace", env(sidecar, "PLANWATCH_WORKSPACE").getValue());
        assertEquals("0.0.0.0", env(sidecar, "QUARKUS_HTTP_HOST").getValue());
        assertEquals("planwatch-token", env(sidecar, "PLANWATCH_SECURITY_TOKEN").getValueFrom().getSecretKeyRef().getName());
        assertEquals("token", env(sidecar, "PLANWATCH_SECURITY_TOKEN").getValueFrom().getSecretKeyRef().getKey());
        assertEquals("/q/health/ready", sidecar.getReadinessProbe().getHttpGet().getPath());

        assertEquals(1, pod.getContainers().size());
        Container orchestrator = pod.getContainers().get(0);
        assertEquals("orchestrator", orchestrator.getName());
        assertEquals("python:3.12-slim", orchestrator.getImage());
        assertEquals("/workspace", orchestrator.getWorkingDir());
        List<String> command = orchestrator.getCommand();
        assertEquals(List.of("sh", "-c"), command.subList(0, 2));
        assertEquals(List.of("orchestrator", "python3", "scripts/plan_orchestrator.py", "--plan", "docs/plans/alpha.md",
                "--no-tui", "--continue", "--batch-size", "3", "--timeout", "900", "--no-auto-complete"),
                command.subList(3, command.size()));
        assertFalse(command.contains("--daemon"), "the container's process is the orchestrator itself");
        assertEquals("/workspace/orchestrator-alpha.log", env(orchestrator, "ORCHESTRATOR_LOG").getValue());

        given().get("/api/cluster/runs/" + id).then().statusCode(200)
                .body("data.plan", equalTo("alpha")).body("data.state", equalTo("pending"));
        // One run of a plan at a time.
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/start").then().statusCode(409)
                .body("code", equalTo("ALREADY_RUNNING")).body("details.orchestratorId", equalTo(id));
    }

    @Test
    void theRunsStateFollowsItsPodAndJobWithTheReason() {
        String id = start("done", "{}");
        Pod pod = kubeletCreatesPod(id);
        podStatus(pod, "Pending", null, new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image").endWaiting().endState()
                .build());
        awaitRun(id, "pending", "ImagePullBackOff");

        podStatus(pod, "Running", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewRunning().withStartedAt("2026-12-05T04:00:00Z").endRunning().endState().build());
        awaitRun(id, "running", null);
        given().get("/api/cluster/runs/" + id).then().body("data.podIp", equalTo("127.0.0.1"));

        podStatus(pod, "Failed", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endState().build());
        jobFailed(id, "BackoffLimitExceeded");
        awaitRun(id, "failed", "OOMKilled");

        // A deadline is the Job's own reason, whatever the pod says.
        String late = start("empty-tasks", "{\"timeout\": 60}");
        jobFailed(late, "DeadlineExceeded");
        awaitRun(late, "failed", "DeadlineExceeded");
    }

    @Test
    void aStopWithNoSidecarToAskDeletesTheJobAndItsPod() throws InterruptedException {
        String id = start("rounding", "{}");
        Pod pod = kubeletCreatesPod(id);
        podStatus(pod, "Running", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewRunning().endRunning().endState().build());
        awaitRun(id, "running", null);
        drainRequests();
        given().contentType(ContentType.JSON).body("{\"timeout\": 5}").post("/api/plans/rounding/stop").then().statusCode(200)
                .body("success", equalTo(true))
                .body("orchestrator.forced", equalTo(false));
        String delete = deleteOf(id);
        assertTrue(delete.contains("\"propagationPolicy\":\"Background\""), "its pod goes with it: " + delete);
        assertFalse(delete.contains("gracePeriodSeconds"), "the pod's own grace period: " + delete);
        await().atMost(Duration.ofSeconds(10)).until(() -> job(id) == null);
    }

    @Test
    void runsAnEarlierHubStartedAreAdoptedAndCanBeForceStopped() throws InterruptedException {
        // Created by another planwatch (say, this hub before a restart): only the labels tie it to planwatch.
        String id = "pw-findings-mix-r261205000000-beef";
        api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).resource(new JobBuilder()
                .withNewMetadata().withName(id)
                    .withLabels(Map.of("planwatch.dev/plan", "findings-mix", "planwatch.dev/run", "r261205000000-beef"))
                .endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("orchestrator").withImage("x")
                    .endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        awaitRun(id, "pending", null);
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/findings-mix/start").then().statusCode(409)
                .body("code", equalTo("ALREADY_RUNNING"));
        drainRequests();
        given().contentType(ContentType.JSON).body("{\"force\": true}").post("/api/plans/findings-mix/stop").then().statusCode(200)
                .body("orchestrator.forced", equalTo(true));
        String delete = deleteOf(id);
        assertTrue(delete.contains("\"propagationPolicy\":\"Background\"") && delete.contains("\"gracePeriodSeconds\":0"), delete);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/cluster/runs").jsonPath()
                .getList("data.id").stream().noneMatch(id::equals));
    }

    @Test
    void unknownRunsAndBadIdsAreClear4xx() {
        given().get("/api/cluster/runs/pw-nothing-here").then().statusCode(404).body("code", equalTo("ORCHESTRATOR_NOT_FOUND"));
        given().get("/api/cluster/runs/..%2Fetc").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        given().contentType(ContentType.JSON).body("{}").post("/api/orchestrators/pw-nothing-here/pause").then().statusCode(404)
                .body("code", equalTo("ORCHESTRATOR_NOT_FOUND"));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    /** What the Job controller does: a pod from the Job's template, labelled as the template says. */
    private Pod kubeletCreatesPod(String id) {
        Job job = job(id);
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(id + "-x1").withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                    .addToLabels("job-name", id).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
        return api().pods().inNamespace(ClusterProfile.NAMESPACE).resource(pod).create();
    }

    private void podStatus(Pod pod, String phase, String ip, io.fabric8.kubernetes.api.model.ContainerStatus status) {
        api().pods().inNamespace(ClusterProfile.NAMESPACE).withName(pod.getMetadata().getName()).editStatus(p -> new PodBuilder(p)
                .withNewStatus().withPhase(phase).withPodIP(ip).withContainerStatuses(status).endStatus().build());
    }

    private void jobFailed(String id, String reason) {
        api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).editStatus(j -> new JobBuilder(j)
                .withNewStatus().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
                        .withReason(reason).withLastTransitionTime("2026-12-05T04:10:00Z").build()).endStatus().build());
    }

    private static void awaitRun(String id, String state, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/cluster/runs/" + id).then()
                .statusCode(200).body("data.state", equalTo(state)).body("data.reason", equalTo(reason)));
    }

    private void drainRequests() throws InterruptedException {
        while (server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS) != null) {
            // the requests before the one a test looks for
        }
    }

    /** The body of the DELETE of Job {@code id} the hub sent since the last drain. */
    private String deleteOf(String id) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(5, TimeUnit.SECONDS)) != null) {
            seen.add(request.getMethod() + " " + request.getPath());
            if ("DELETE".equals(request.getMethod()) && request.getPath().contains("/jobs/" + id)) {
                return request.getBody().readUtf8();
            }
        }
        throw new AssertionError("no DELETE of " + id + " among " + seen);
    }

}
