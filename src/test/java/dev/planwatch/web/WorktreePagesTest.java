package dev.planwatch.web;

import dev.planwatch.testing.Chromium;
import dev.planwatch.testing.PlanRepository;
import dev.planwatch.testing.Processes;
import dev.planwatch.testing.RequiresChromium;
import dev.planwatch.worktrees.ParallelPlansProfile;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Parallel plans on the page, in Chromium, with real git and the demo orchestrator: a plan started
 * in its own worktree from the start dialog, two orchestrators side by side on the overview, and a
 * worktree removed from the worktrees view after its confirmation. Screenshots in
 * {@code target/ui-screenshots/}.
 */
@RequiresChromium
@QuarkusTest
@TestProfile(ParallelPlansProfile.class)
@WithTestResource(value = PlanRepository.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WorktreePagesTest {

    private static final LocatorAssertions.HasTextOptions SOON = new LocatorAssertions.HasTextOptions().setTimeout(20_000);
    private static final List<Long> STARTED = new ArrayList<>();
    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URI base;

    @AfterAll
    static void stopOrchestrators() {
        Processes.destroyTrees(STARTED);
    }

    private Page open(String fragment) {
        Page page = chromium.page(1280, 900, false);
        page.navigate(base.resolve("/" + fragment).toString());
        assertThat(page.getByTestId("connection")).hasText("Live");
        return page;
    }

    @Test
    void aPlanStartsInItsWorktreeFromTheDialogAndTheWorktreeIsRemovedFromTheWorktreesView() throws Exception {
        Page page = open("#/plans/golf");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start…")).click();
        page.locator("#start-dialog select[name=mode]").selectOption("continuous");
        page.locator("#start-dialog input[name=worktree]").check();
        Chromium.screenshot(page, "start-dialog-worktree");
        page.locator("#start-dialog button[type=submit]").click();
        assertThat(page.getByTestId("orchestrator-status")).hasText(Pattern.compile("running"), SOON);
        assertThat(page.getByTestId("runs-in")).hasText("worktrees/plan-golf", SOON);
        STARTED.add(given().get("/api/plans/golf").jsonPath().getLong("data.orchestrator.pid"));
        Chromium.screenshot(page, "plan-in-worktree");

        // a second plan beside it, in its own worktree: both at work on the overview, live
        given().contentType(ContentType.JSON).body("{\"worktree\": true, \"mode\": \"continuous\"}")
                .post("/api/plans/bravo/start").then().statusCode(200);
        STARTED.add(given().get("/api/plans/bravo").jsonPath().getLong("data.orchestrator.pid"));
        Page overview = open("#/");
        assertThat(overview.getByTestId("working-orchestrator")).hasCount(2);
        assertThat(overview.getByTestId("working-worktree").first()).containsText("in worktree plan-");
        Chromium.screenshot(overview, "overview-parallel");
        Page plans = open("#/plans");
        assertThat(plans.getByTestId("plan-worktree")).hasCount(2);
        Chromium.screenshot(plans, "plans-in-worktrees");

        for (String plan : List.of("golf", "bravo")) {
            given().contentType(ContentType.JSON).body("{\"timeout\": 10}").post("/api/plans/" + plan + "/stop").then().statusCode(200);
        }
        Page worktrees = open("#/worktrees");
        assertThat(worktrees.getByTestId("worktrees")).containsText("plan-golf");
        worktrees.locator("tr", new Page.LocatorOptions().setHasText("plan-golf"))
                .getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Remove…")).click();
        assertThat(worktrees.locator("#remove-dialog")).containsText("Uncommitted changes in it would be lost");
        Chromium.screenshot(worktrees, "worktree-remove-confirm");
        worktrees.locator("#remove-dialog").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Remove").setExact(true)).click();
        assertThat(worktrees.getByTestId("worktree-reply")).containsText("Removed worktrees/plan-golf", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertThat(worktrees.getByTestId("worktrees")).not().containsText("plan-golf", new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
        Chromium.screenshot(worktrees, "worktrees-after-remove");
        Process list = new ProcessBuilder("git", "-C", PlanRepository.root().toString(), "worktree", "list").start();
        String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(listed.contains("plan-golf"), listed);
        assertFalse(Files.exists(PlanRepository.root().resolve("worktrees/plan-golf")));
        assertEquals(List.of(), chromium.takeErrors(), "console errors");
    }
}
