package dev.planwatch.web;

import dev.planwatch.testing.BranchesRepository;
import dev.planwatch.testing.Chromium;
import dev.planwatch.testing.PageBranchesRepository;
import dev.planwatch.testing.RequiresChromium;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.planwatch.testing.BranchesRepository.git;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plan page's Changes and the worktrees view's conflicts panel, in a real Chromium against a
 * repository of colliding plan branches ({@link BranchesRepository}, a copy of its own). Screenshots land in
 * {@code target/ui-screenshots/changes-*.png}.
 */
@RequiresChromium
@QuarkusTest
@WithTestResource(value = PageBranchesRepository.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ChangesPageTest {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void noConsoleErrors() {
        chromium.closePages();
        assertEquals(List.of(), chromium.takeErrors(), "console errors");
    }

    private Page open(String fragment, int width, int height, boolean dark) {
        Page page = chromium.page(width, height, dark);
        page.navigate(base.resolve("/" + fragment).toString());
        assertThat(page.getByTestId("connection")).hasText("Live");
        return page;
    }

    @Test
    void aPlanInItsWorktreeShowsItsChangesAndAFilesDiff() {
        for (int width : new int[]{1280, 390}) {
            Page page = open("#/plans/solo", width, width == 390 ? 844 : 900, width == 390);
            Locator changes = page.getByTestId("changes");
            assertThat(changes.getByTestId("changes-summary")).containsText("plan/solo");
            assertThat(changes.getByTestId("commits").locator("li")).hasCount(2);
            assertThat(changes.getByTestId("files").locator("tr[data-path='new-name.txt']")).containsText("renamed");
            assertThat(changes.getByTestId("files").locator("tr[data-path='new-name.txt']")).containsText("from old-name.txt");
            assertThat(changes.getByTestId("files").locator("tr[data-path='image.bin']")).containsText("binary");
            assertThat(changes.getByTestId("files").locator("tr[data-path='obsolete.txt']")).containsText("deleted");
            assertThat(changes.getByTestId("uncommitted").locator("tr[data-path='scratch.txt']")).containsText("untracked");

            changes.getByTestId("files").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("src/app.txt")).click();
            Locator diff = changes.getByTestId("diff");
            assertThat(diff.locator("span.add")).hasCount(2);
            assertThat(diff.locator("span.del")).hasCount(2);
            assertThat(diff.locator("span.add").first()).hasText("+solo changed line 5");
            assertThat(diff.locator("span.hunk").first()).containsText("@@");
            Chromium.screenshot(page, width == 390 ? "changes-plan-390-dark" : "changes-plan");

            changes.getByTestId("files").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("image.bin")).click();
            assertThat(diff).containsText("Binary file: not shown.");
        }
    }

    @Test
    void aPlanWithoutAWorktreeShowsItsChangesWhenOpenedAndFollowsACommit() throws IOException {
        Page page = open("#/plans/clean-a", 1280, 900, false);
        Locator changes = page.getByTestId("changes");
        changes.locator("summary").click();
        assertThat(changes.getByTestId("commits").locator("li")).hasCount(1);
        Path checkout = BranchesRepository.root();
        git(checkout, "checkout", "-q", "plan/clean-a");
        try {
            BranchesRepository.replaceLine("story.txt", 4, "clean-a again");
            git(checkout, "commit", "-q", "-am", "clean-a: line 4 too");
        } finally {
            git(checkout, "checkout", "-q", "main");
        }
        assertThat(changes.getByTestId("commits").locator("li")).hasCount(2);
        assertThat(changes.getByTestId("commits").locator("li").first()).containsText("clean-a: line 4 too");
    }

    @Test
    void theWorktreesViewShowsConflictingAndOverlappingPairsAndTheMergeOrder() {
        for (int width : new int[]{1280, 390}) {
            Page page = open("#/worktrees", width, width == 390 ? 844 : 900, false);
            Locator conflicts = page.getByTestId("conflicts");
            assertThat(conflicts.locator("tr[data-pair='plan/left plan/right']")).containsText("conflict");
            assertThat(conflicts.locator("tr[data-pair='plan/left plan/right']")).containsText("shared.txt");
            assertThat(conflicts.locator("tr[data-pair='plan/clean-a plan/clean-b']")).containsText("overlap");
            assertThat(conflicts.getByTestId("merge-order").locator("li")).hasCount(5);
            assertThat(conflicts.getByTestId("merge-order").locator("li").last()).containsText("plan/right");
            Chromium.screenshot(page, width == 390 ? "changes-conflicts-390" : "changes-conflicts");
        }
    }
}
