package dev.planwatch.web;

import dev.planwatch.orchestrator.ControlProfile;
import dev.planwatch.orchestrator.SkipRequest;
import dev.planwatch.orchestrator.StartRequest;
import dev.planwatch.testing.Chromium;
import dev.planwatch.testing.CuttableProxy;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Processes;
import dev.planwatch.testing.RequiresChromium;
import dev.planwatch.testing.Workspaces;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The page served at {@code /}, driven in a real Chromium against the fixture workspace and the demo
 * orchestrator: what it shows, how it follows changes without a reload, and its controls.
 * Screenshots of every view land in {@code target/ui-screenshots/}.
 */
@RequiresChromium
@QuarkusTest
@TestProfile(ControlProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WebPageTest {

    /** "Within a second" of a change on disk. */
    private static final LocatorAssertions.HasTextOptions WITHIN_A_SECOND = new LocatorAssertions.HasTextOptions().setTimeout(1000);
    private static final List<Long> STARTED = new ArrayList<>();
    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URI base;

    @AfterAll
    static void stopOrchestrators() {
        Processes.destroyTrees(STARTED);
    }

    @AfterEach
    void noConsoleErrors() {
        chromium.closePages();
        assertEquals(List.of(), chromium.takeErrors(), "console errors");
    }

    private Page open(String fragment) {
        return open(fragment, 1280, 900, false);
    }

    private Page open(String fragment, int width, int height, boolean dark) {
        Page page = chromium.page(width, height, dark);
        page.navigate(base.resolve("/" + fragment).toString());
        assertThat(page.getByTestId("connection")).hasText("Live");
        return page;
    }

    /** Waits until planwatch serves the plan a test just wrote (a page opened before would show it missing). */
    private static void served(String plan) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> given().get("/api/plans/" + plan).statusCode() == 200);
    }

    private static JsonPath api(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theOverviewShowsTheWorkspacesRealCounts() {
        Page page = open("#/");
        JsonPath summary = api("/api/dashboard/summary");
        assertThat(page.getByTestId("plans-total")).hasText(Integer.toString(summary.getInt("data.plans.total")));
        assertThat(page.getByTestId("plans-completed")).hasText(Integer.toString(summary.getInt("data.plans.completed")));
        assertThat(page.getByTestId("tasks-failed")).hasText(Integer.toString(summary.getInt("data.tasks.failed")));
        assertThat(page.getByTestId("orchestrators-running")).hasText(Integer.toString(summary.getInt("data.orchestrators.running")));
        assertThat(page.getByTestId("activity").locator("li")).hasCount(Math.min(30, api("/api/activity?pageSize=100").getInt("data.total")));
        Chromium.screenshot(page, "overview");
        Chromium.screenshot(open("#/", 390, 844, true), "overview-390-dark");
    }

    @Test
    void thePlansPageListsEveryPlanAndFilters() {
        Page page = open("#/plans");
        List<String> names = api("/api/plans").getList("data.name");
        Locator rows = page.getByTestId("plans").locator("tbody tr");
        assertThat(rows).hasCount(names.size());
        for (String name : names) {
            assertThat(page.locator("tr[data-plan='" + name + "']")).hasCount(1);
        }
        Chromium.screenshot(page, "plans");
        page.getByLabel("Filter by status").selectOption("failed");
        assertThat(rows).hasCount(api("/api/plans?status=failed").getList("data").size());
        assertThat(page).hasURL(Pattern.compile("#/plans\\?status=failed$"));
        page.getByLabel("Search plans").fill("alp");
        page.getByLabel("Filter by status").selectOption("");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-plan", "alpha");
        Chromium.screenshot(open("#/plans", 390, 844, false), "plans-390");
    }

    @Test
    void aPlanPageShowsItsPhasesAndTasks() {
        Page page = open("#/plans/big");
        JsonPath plan = api("/api/plans/big");
        assertThat(page.locator("details.phase")).hasCount(plan.getList("data.phases").size());
        assertThat(page.locator("tr[data-task]")).hasCount(plan.getInt("data.summary.totalTasks"));
        assertThat(page.getByTestId("plan-counts")).containsText(plan.getInt("data.summary.completed") + " of 215 tasks completed");
        assertThat(page.getByTestId("progress-chart")).isVisible();
        Chromium.screenshot(page, "plan");
        Chromium.screenshot(open("#/plans/big", 1280, 900, true), "plan-dark");

        Page findings = open("#/plans/findings-mix");
        findings.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("1.1").setExact(true)).first().click();
        assertThat(findings.getByTestId("finding")).not().isEmpty();
    }

    @Test
    void aStatusFileWrittenOnDiskChangesTheOpenPagesWithoutReload() {
        String status = "docs/plan-outputs/web-live/status.json";
        Workspaces.writeAtomically("docs/plans/web-live.md", "# Web live\n\n## Phase 1: Go\n- [ ] 1.1 a\n- [ ] 1.2 b\n");
        Workspaces.writeAtomically(status, Workspaces.statusJson("web-live", "t0", "pending", "pending"));
        served("web-live");
        try {
            Page plan = open("#/plans/web-live");
            Page overview = open("#/");
            assertThat(plan.locator("tr[data-task='1.1']").getByTestId("task-status")).hasText(Pattern.compile("pending"));
            String completedBefore = overview.getByTestId("tasks-completed-today").textContent();

            String now = java.time.Instant.now().toString();
            Workspaces.writeAtomically(status, "{\"planName\": \"web-live\", \"lastUpdatedAt\": \"" + now + "\", \"tasks\": ["
                    + "{\"id\": \"1.1\", \"phase\": \"Phase 1: Go\", \"description\": \"a\", \"status\": \"completed\","
                    + " \"startedAt\": \"" + now + "\", \"completedAt\": \"" + now + "\"},"
                    + "{\"id\": \"1.2\", \"phase\": \"Phase 1: Go\", \"description\": \"b\", \"status\": \"in_progress\", \"startedAt\": \"" + now + "\"}]}");
            assertThat(plan.locator("tr[data-task='1.1']").getByTestId("task-status")).hasText(Pattern.compile("completed"), WITHIN_A_SECOND);
            assertThat(plan.getByTestId("plan-counts")).containsText("1 of 2 tasks completed", new LocatorAssertions.ContainsTextOptions().setTimeout(1000));
            assertThat(overview.getByTestId("tasks-completed-today"))
                    .hasText(Integer.toString(Integer.parseInt(completedBefore) + 1), WITHIN_A_SECOND);
            assertThat(overview.getByTestId("activity")).containsText("Task 1.1 completed", new LocatorAssertions.ContainsTextOptions().setTimeout(1000));
        } finally {
            chromium.closePages();
            Workspaces.deletePlan("web-live");
        }
    }

    @Test
    void theDialogsAcceptExactlyWhatTheServerAccepts() {
        JsonPath limits = api("/api/dashboard/settings");
        assertEquals(StartRequest.MAX_BATCH_SIZE, limits.getInt("data.limits.batchSize.max"));
        assertEquals(StartRequest.MAX_ITERATIONS, limits.getInt("data.limits.maxIterations.max"));
        assertEquals(StartRequest.MAX_TIMEOUT_SECONDS, limits.getInt("data.limits.timeout.max"));
        assertEquals(SkipRequest.MAX_REASON_LENGTH, limits.getInt("data.limits.skipReasonLength"));
        Page page = open("#/plans/alpha");
        for (String field : List.of("batchSize", "maxIterations", "timeout")) {
            Locator input = page.locator("#start-dialog input[name=" + field + "]");
            assertThat(input).hasAttribute("min", Integer.toString(limits.getInt("data.limits." + field + ".min")));
            assertThat(input).hasAttribute("max", Integer.toString(limits.getInt("data.limits." + field + ".max")));
        }
        assertThat(page.locator("#skip-dialog input[name=reason]"))
                .hasAttribute("maxlength", Integer.toString(SkipRequest.MAX_REASON_LENGTH));
        // The server refuses one past each bound the page allows, and the skip reason one past its length.
        given().contentType("application/json").body(java.util.Map.of("batchSize", StartRequest.MAX_BATCH_SIZE + 1))
                .post("/api/plans/alpha/start").then().statusCode(400).body("details.field", org.hamcrest.Matchers.equalTo("batchSize"));
        given().contentType("application/json").body(java.util.Map.of("reason", "x".repeat(SkipRequest.MAX_REASON_LENGTH + 1)))
                .post("/api/plans/alpha/tasks/1.1/skip").then().statusCode(400).body("details.field", org.hamcrest.Matchers.equalTo("reason"));
    }

    @Test
    void startPauseResumeAndStopTheDemoOrchestratorFromThePage() {
        Workspaces.writeAtomically("docs/plans/web-slow.md", "# Web slow\n\n## Phase 1: Work\n- [ ] 1.1 a\n- [ ] 1.2 b\n- [ ] 1.3 c\n");
        served("web-slow");
        try {
            Page page = open("#/plans/web-slow");
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start…")).click();
            page.locator("#start-dialog select[name=mode]").selectOption("continuous");
            page.locator("#start-dialog input[name=batchSize]").fill("1");
            page.locator("#start-dialog button[type=submit]").click();
            LocatorAssertions.HasTextOptions soon = new LocatorAssertions.HasTextOptions().setTimeout(20_000);
            assertThat(page.getByTestId("orchestrator-status")).hasText(Pattern.compile("running"), soon);
            assertThat(page.getByTestId("reply")).containsText("Orchestrator started");
            STARTED.add(given().get("/api/plans/web-slow").jsonPath().getLong("data.orchestrator.pid"));
            Chromium.screenshot(page, "plan-running");

            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause").setExact(true)).click();
            assertThat(page.getByTestId("orchestrator-status")).hasText(Pattern.compile("paused"), soon);
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume").setExact(true)).click();
            assertThat(page.getByTestId("orchestrator-status")).hasText(Pattern.compile("running"), soon);

            Page orchestrators = open("#/orchestrators");
            assertThat(orchestrators.getByTestId("orchestrators")).containsText("web-slow");
            Chromium.screenshot(orchestrators, "orchestrators");

            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop").setExact(true)).click();
            assertThat(page.getByTestId("orchestrator-status")).hasText(Pattern.compile("none running|stopped|completed"), soon);
            assertThat(page.getByTestId("reply")).containsText("Orchestrator stopped");
            assertThat(orchestrators.locator("tr[data-orchestrator]", new Page.LocatorOptions().setHasText("web-slow"))
                    .filter(new Locator.FilterOptions().setHasText(Pattern.compile("running|paused"))))
                    .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
        } finally {
            chromium.closePages();
            Workspaces.deletePlan("web-slow");
            Workspaces.delete("orchestrator-web-slow.log");
        }
    }

    @Test
    void logLinesAppearLiveAndAResumedStreamHasNoGapOrDuplicate() throws IOException {
        Workspaces.writeAtomically("docs/plans/web-log.md", "# Web log\n\n## Phase 1: Go\n- [ ] 1.1 a\n");
        Workspaces.writeAtomically("docs/plan-outputs/web-log/status.json", Workspaces.statusJson("web-log", "t0", "pending"));
        java.nio.file.Path log = Workspaces.path("orchestrator-web-log.log");
        served("web-log");
        // The browser reaches planwatch through a relay whose connections the test cuts, as a dropped network would.
        try (CuttableProxy network = new CuttableProxy(base.getPort())) {
            Files.writeString(log, "line 1\n", StandardCharsets.UTF_8);
            Page page = chromium.page(1280, 900, false);
            page.navigate(network.uri().resolve("/#/plans/web-log").toString());
            assertThat(page.getByTestId("connection")).hasText("Live");
            Locator view = page.getByTestId("log");
            assertThat(view).hasText("line 1\n");
            append(log, "line 2\n");
            assertThat(view).hasText("line 1\nline 2\n", WITHIN_A_SECOND);

            network.cut();
            append(log, "line 3\n");
            // The stream resumes after the last line it got: line 3, written while it was cut, once.
            assertThat(view).hasText("line 1\nline 2\nline 3\n", new LocatorAssertions.HasTextOptions().setTimeout(10_000));
            assertThat(page.getByTestId("log-state")).hasText("Following");
            append(log, "line 4\n");
            assertThat(view).hasText("line 1\nline 2\nline 3\nline 4\n");
            assertThat(page.getByTestId("connection")).hasText("Live", new LocatorAssertions.HasTextOptions().setTimeout(10_000));
            Chromium.screenshot(page, "plan-log");
            chromium.closePages();
            // The cut is reported by the browser (the sockets it lost); nothing else may be.
            for (String error : chromium.takeErrors()) {
                org.junit.jupiter.api.Assertions.assertTrue(error.contains("WebSocket") || error.contains("ERR_"),
                        "only the cut connections are reported: " + error);
            }
        } finally {
            chromium.closePages();
            Files.deleteIfExists(log);
            Workspaces.deletePlan("web-log");
        }
    }

    @Test
    void skipAndRetryFromThePageChangeTheTasksBadge() {
        Workspaces.writeAtomically("docs/plans/web-skip.md", "# Web skip\n\n## Phase 1: Go\n- [ ] 1.1 a\n- [ ] 1.2 b\n");
        Workspaces.writeAtomically("docs/plan-outputs/web-skip/status.json", Workspaces.statusJson("web-skip", "t0", "pending", "pending"));
        served("web-skip");
        try {
            Page page = open("#/plans/web-skip");
            Locator badge = page.locator("tr[data-task='1.2']").getByTestId("task-status");
            assertThat(badge).hasText(Pattern.compile("pending"));
            page.getByLabel("Skip task 1.2").click();
            page.locator("#skip-dialog input[name=reason]").fill("covered by 1.1");
            page.locator("#skip-dialog button[type=submit]").click();
            assertThat(badge).hasText(Pattern.compile("skipped"));
            assertThat(page.getByTestId("reply")).containsText("1.2");
            page.getByLabel("Retry task 1.2").click();
            assertThat(badge).hasText(Pattern.compile("pending"));
            Chromium.screenshot(page, "plan-after-retry");
        } finally {
            chromium.closePages();
            Workspaces.deletePlan("web-skip");
        }
    }

    @Test
    void theWorktreesPageShowsWorktreesAndResources() {
        Page page = open("#/worktrees");
        assertThat(page.getByTestId("worktrees-current")).containsText("allowed");
        Chromium.screenshot(page, "worktrees");
    }

    private static void append(java.nio.file.Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
