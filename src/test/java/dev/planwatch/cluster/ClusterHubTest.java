package dev.planwatch.cluster;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.WsClient;

import com.fasterxml.jackson.databind.JsonNode;

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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
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

    @TestHTTPResource("/")
    URI base;

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

    /**
     * The garbage collector deletes a deleted Job's pod with the pod's own grace period: the run stays
     * its plan's run, stopping, until its pod has ended, whether the hub deleted the Job (a force stop
     * whose sidecar is unreachable) or something else did; a start meanwhile is refused. (This API
     * server collects no garbage: the test ends the pods.)
     */
    @Test
    void aPodWhoseJobIsGoneIsItsPlansRunStoppingUntilItEndsAndBlocksAStart() throws InterruptedException {
        String id = start("big", "{}");
        Pod pod = kubeletCreatesPod(id);
        podStatus(pod, "Running", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewRunning().endRunning().endState().build());
        awaitRun(id, "running", null);
        drainRequests();
        given().contentType(ContentType.JSON).body("{\"force\": true}").post("/api/plans/big/stop").then().statusCode(200)
                .body("orchestrator.forced", equalTo(true)).body("message", containsString("its sidecar did not stop it"));
        String delete = deleteOf(id);
        assertTrue(delete.contains("\"propagationPolicy\":\"Background\"") && delete.contains("\"gracePeriodSeconds\":0"), delete);
        await().atMost(Duration.ofSeconds(10)).until(() -> job(id) == null);
        awaitRun(id, "stopping", null);
        awaitPlanOrchestrator("big", id, "stopping", null);
        given().get("/api/plans/big").then().body("data.orchestrator.running", equalTo(true));
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/big/start").then().statusCode(409)
                .body("code", equalTo("ALREADY_RUNNING")).body("details.orchestratorId", equalTo(id))
                .body("details.state", equalTo("stopping"));

        // Its orchestrator killed, the pod ended: the run is over, and the plan may run again.
        podStatus(pod, "Failed", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewTerminated().withReason("Error").withExitCode(137).endTerminated().endState().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/cluster/runs").jsonPath()
                .getList("data.id").stream().noneMatch(id::equals));
        awaitPlanOrchestrator("big", id, "stopped", null);
        String next = start("big", "{}");

        // A Job deleted by someone else: its running pod is the plan's run until it is gone.
        Pod nextPod = kubeletCreatesPod(next);
        podStatus(nextPod, "Running", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewRunning().endRunning().endState().build());
        awaitRun(next, "running", null);
        api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(next).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> job(next) == null);
        awaitRun(next, "stopping", null);
        given().get("/api/cluster/runs/" + next).then().body("data.pod", equalTo(nextPod.getMetadata().getName()))
                .body("data.plan", equalTo("big"));
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/big/start").then().statusCode(409)
                .body("code", equalTo("ALREADY_RUNNING")).body("details.orchestratorId", equalTo(next));
        api().pods().inNamespace(ClusterProfile.NAMESPACE).withName(nextPod.getMetadata().getName()).delete();
        awaitPlanOrchestrator("big", next, "stopped", null);
        start("big", "{}");
    }

    @Test
    void aRunIsItsPlansOrchestratorWithItsStateAndReasonEverywhere() {
        try (WsClient events = WsClient.connectEvents(base); WsClient all = WsClient.connect(base, "/ws/all")) {
            all.await(0, m -> "all-plans".equals(m.path("type").asText()) || "status".equals(m.path("type").asText()));
            int allBefore = all.payloads().size();

            String id = start("all-failed", "{}");
            Pod pod = kubeletCreatesPod(id);
            podStatus(pod, "Pending", null, new ContainerStatusBuilder().withName("orchestrator")
                    .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image").endWaiting()
                    .endState().build());
            awaitPlanOrchestrator("all-failed", id, "pending", "ImagePullBackOff");
            given().get("/api/plans/all-failed").then().body("data.orchestrator.running", equalTo(false))
                    .body("data.orchestrator.pid", nullValue());
            given().get("/api/plans/all-failed/status").then().body("data.orchestrator.reason", equalTo("ImagePullBackOff"));
            given().get("/api/plans").then().body("data.find { it.name == 'all-failed' }.orchestrator.reason",
                    equalTo("ImagePullBackOff"));
            given().get("/api/orchestrators/" + id).then().statusCode(200)
                    .body("data.plan", equalTo("all-failed"))
                    .body("data.status", equalTo("running"))
                    .body("data.lifecycle", equalTo("pending"))
                    .body("data.reason", equalTo("ImagePullBackOff"))
                    .body("data.pid", nullValue())
                    .body("data.running", equalTo(false));
            given().get("/api/orchestrators").then().statusCode(200)
                    .body("data.find { it.id == '" + id + "' }.reason", equalTo("ImagePullBackOff"));
            JsonNode held = events.await(0, m -> isStatusOf(m, id) && "ImagePullBackOff".equals(reasonOf(m)));
            assertEquals("running", held.path("data").path("status").asText(), held.toString());
            assertEquals("pending", held.path("data").path("lifecycle").asText(), held.toString());
            all.await(allBefore, m -> "status".equals(m.path("type").asText()) && "all-failed".equals(m.path("plan").asText()));

            try (WsClient own = WsClient.connect(base, "/ws/orchestrators/" + id)) {
                podStatus(pod, "Running", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                        .withNewState().withNewRunning().withStartedAt("2026-12-05T04:00:00Z").endRunning().endState().build());
                awaitPlanOrchestrator("all-failed", id, "running", null);
                given().get("/api/plans/all-failed").then().body("data.orchestrator.running", equalTo(true));
                given().get("/api/dashboard/summary").then().body("data.orchestrators.running", greaterThanOrEqualTo(1));
                JsonNode running = events.await(0, m -> isStatusOf(m, id) && "running".equals(m.path("data").path("lifecycle").asText()));
                assertEquals("running", running.path("data").path("status").asText(), running.toString());
                own.await(0, m -> isStatusOf(m, id) && "running".equals(m.path("data").path("lifecycle").asText()));

                podStatus(pod, "Failed", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                        .withNewState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endState().build());
                jobFailed(id, "BackoffLimitExceeded");
                awaitPlanOrchestrator("all-failed", id, "failed", "OOMKilled");
                JsonNode failed = events.await(0, m -> isStatusOf(m, id) && "failed".equals(m.path("data").path("status").asText()));
                assertEquals("OOMKilled", reasonOf(failed), failed.toString());
                assertEquals("running", failed.path("data").path("previousStatus").asText(), failed.toString());
                own.await(0, m -> isStatusOf(m, id) && "failed".equals(m.path("data").path("status").asText()));
            }
            given().get("/api/orchestrators/" + id).then().body("data.status", equalTo("failed"))
                    .body("data.reason", equalTo("OOMKilled")).body("data.running", equalTo(false));

            // Its Job removed (its TTL), the way a foreground deletion goes: the pod first, then the Job.
            // The pod gone, the run keeps the reason its pod gave over the Job's BackoffLimitExceeded.
            api().pods().inNamespace(ClusterProfile.NAMESPACE).withName(pod.getMetadata().getName()).delete();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/cluster/runs/" + id).then()
                    .statusCode(200).body("data.pod", nullValue()));
            given().get("/api/cluster/runs/" + id).then().body("data.state", equalTo("failed")).body("data.reason", equalTo("OOMKilled"));
            awaitPlanOrchestrator("all-failed", id, "failed", "OOMKilled");
            // Then the Job: the run stays the plan's last orchestrator, with the reason it failed.
            api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/cluster/runs").jsonPath()
                    .getList("data.id").stream().noneMatch(id::equals));
            awaitPlanOrchestrator("all-failed", id, "failed", "OOMKilled");
            given().get("/api/orchestrators/" + id).then().statusCode(200).body("data.reason", equalTo("OOMKilled"));
            given().contentType(ContentType.JSON).body("{}").post("/api/orchestrators/" + id + "/pause").then().statusCode(503)
                    .body("code", equalTo("ORCHESTRATOR_UNREACHABLE"));
        }
    }

    @Test
    void aSucceededRunIsCompletedAndAStoppedOneStaysStopped() throws InterruptedException {
        String id = start("md-only", "{}");
        Pod pod = kubeletCreatesPod(id);
        podStatus(pod, "Succeeded", "127.0.0.1", new ContainerStatusBuilder().withName("orchestrator")
                .withNewState().withNewTerminated().withReason("Completed").withExitCode(0).endTerminated().endState().build());
        api().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).editStatus(j -> new JobBuilder(j)
                .withNewStatus().withSucceeded(1).withConditions(new JobConditionBuilder().withType("Complete").withStatus("True")
                        .withLastTransitionTime("2026-12-05T04:20:00Z").build()).endStatus().build());
        awaitPlanOrchestrator("md-only", id, "completed", null);
        given().get("/api/orchestrators/" + id).then().body("data.status", equalTo("completed")).body("data.running", equalTo(false));

        // A newer run is the plan's orchestrator; stopped (its Job deleted), it stays as stopped.
        String next = start("md-only", "{}");
        awaitPlanOrchestrator("md-only", next, "pending", null);
        drainRequests();
        given().contentType(ContentType.JSON).body("{\"force\": true}").post("/api/plans/md-only/stop").then().statusCode(200);
        deleteOf(next);
        awaitPlanOrchestrator("md-only", next, "stopped", null);
        given().get("/api/orchestrators/" + next).then().body("data.status", equalTo("stopped"))
                .body("data.running", equalTo(false));
    }

    @Test
    void unknownRunsAndBadIdsAreClear4xx() {
        given().get("/api/cluster/runs/pw-nothing-here").then().statusCode(404).body("code", equalTo("ORCHESTRATOR_NOT_FOUND"));
        given().get("/api/cluster/runs/..%2Fetc").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        given().contentType(ContentType.JSON).body("{}").post("/api/orchestrators/pw-nothing-here/pause").then().statusCode(404)
                .body("code", equalTo("ORCHESTRATOR_NOT_FOUND"));
    }

    /** On a hub a plan's status.json is a copy of its run's: a skip or retry with no run to send it to changes nothing. */
    @Test
    void aSkipOrRetryWithNoRunToSendItToIsRefusedAndTheCopyStaysAsItIs() {
        given().get("/api/plans/alpha/status-file").then().statusCode(404).body("code", equalTo("STATUS_NOT_FOUND"));
        given().contentType(ContentType.JSON).body("{\"reason\":\"not now\"}").post("/api/plans/alpha/tasks/1.1/skip").then()
                .statusCode(404).body("code", equalTo("NOT_RUNNING"));
        given().contentType(ContentType.JSON).body("{}").post("/api/plans/alpha/tasks/1.1/retry").then()
                .statusCode(404).body("code", equalTo("NOT_RUNNING"));
        given().get("/api/plans/alpha/status-file").then().statusCode(404).body("code", equalTo("STATUS_NOT_FOUND"));
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

    private static void awaitPlanOrchestrator(String plan, String id, String status, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/plans/" + plan).then().statusCode(200)
                .body("data.orchestrator.id", equalTo(id))
                .body("data.orchestrator.status", equalTo(status))
                .body("data.orchestrator.reason", equalTo(reason)));
    }

    private static boolean isStatusOf(JsonNode message, String id) {
        return "orchestrator:status".equals(message.path("type").asText()) && id.equals(message.path("orchestratorId").asText());
    }

    private static String reasonOf(JsonNode event) {
        JsonNode reason = event.path("data").path("orchestrator").path("reason");
        return reason.isTextual() ? reason.asText() : null;
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
