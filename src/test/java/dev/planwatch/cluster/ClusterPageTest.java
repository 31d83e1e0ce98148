package dev.planwatch.cluster;

import dev.planwatch.testing.Chromium;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.RequiresChromium;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hub's plan page in Chromium: the plan's run in the cluster is its orchestrator, and the card says
 * why it is held up or failed, following the run live. The test plays the Job controller and kubelet.
 */
@RequiresChromium
@QuarkusTest
@TestProfile(ClusterProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithKubernetesTestServer(crud = true)
class ClusterPageTest {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void noConsoleErrors() {
        chromium.closePages();
        assertEquals(List.of(), chromium.takeErrors(), "console errors");
    }

    @Test
    void thePlanPageShowsTheRunsStateAndReasonAsItChanges() {
        String id = given().contentType(ContentType.JSON).body("{}").post("/api/plans/md-only/start").then().statusCode(200)
                .extract().path("orchestrator.id");
        Job job = server.getClient().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).get();
        Pod pod = server.getClient().pods().inNamespace(ClusterProfile.NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(id + "-x1").withLabels(job.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
        podStatus(pod, "Pending", new ContainerStatusBuilder().withName("orchestrator").withNewState().withNewWaiting()
                .withReason("ImagePullBackOff").withMessage("Back-off pulling image").endWaiting().endState().build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/plans/md-only").then()
                .body("data.orchestrator.reason", equalTo("ImagePullBackOff")));

        Page page = chromium.page(1280, 900, false);
        page.navigate(base.resolve("/#/plans/md-only").toString());
        assertThat(page.getByTestId("connection")).hasText("Live");
        assertThat(page.getByTestId("orchestrator-reason")).hasText("pending: ImagePullBackOff");
        assertThat(page.getByTestId("runs-in")).hasText("in the cluster");
        // Held up, it can be stopped (its Job deleted) but neither paused nor started again.
        assertThat(page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Stop").setExact(true))).isEnabled();
        assertThat(page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Pause").setExact(true))).isDisabled();
        Chromium.screenshot(page, "cluster-run-pending");

        // Killed for memory: the open page follows without a reload.
        podStatus(pod, "Failed", new ContainerStatusBuilder().withName("orchestrator").withNewState().withNewTerminated()
                .withReason("OOMKilled").withExitCode(137).endTerminated().endState().build());
        server.getClient().batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE).withName(id).editStatus(j -> new JobBuilder(j)
                .withNewStatus().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
                        .withReason("BackoffLimitExceeded").withLastTransitionTime("2026-12-05T04:10:00Z").build()).endStatus().build());
        assertThat(page.getByTestId("orchestrator-reason")).hasText("failed: OOMKilled");
        assertThat(page.getByTestId("orchestrator-status")).containsText("failed", new LocatorAssertions.ContainsTextOptions().setIgnoreCase(true));
        Chromium.screenshot(page, "cluster-run-failed");
    }

    private void podStatus(Pod pod, String phase, ContainerStatus status) {
        server.getClient().pods().inNamespace(ClusterProfile.NAMESPACE).withName(pod.getMetadata().getName())
                .editStatus(p -> new PodBuilder(p).withNewStatus().withPhase(phase).withContainerStatuses(status).endStatus().build());
    }
}
