package dev.planwatch.web;

import dev.planwatch.testing.Chromium;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.RequiresChromium;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a token configured, the page asks for it once per tab, says so when it is wrong, and then works. */
@RequiresChromium
@QuarkusTest
@TestProfile(WebPageTokenTest.WithToken.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WebPageTokenTest {

    static final String TOKEN = "page-token-7c1e";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("planwatch.security.token", TOKEN);
        }
    }

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URI base;

    @Test
    void thePageAsksForTheTokenRefusesAWrongOneAndThenWorks() {
        Page page = chromium.page();
        page.navigate(base.resolve("/#/plans").toString());
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Access token"))).isVisible();
        Chromium.screenshot(page, "token-prompt");

        page.getByRole(com.microsoft.playwright.options.AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Access token")).fill("not-the-token");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(page.getByText("That token was not accepted.")).isVisible();

        page.getByRole(com.microsoft.playwright.options.AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Access token")).fill(TOKEN);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Access token"))).isHidden();
        assertThat(page.getByTestId("connection")).hasText("Live");
        assertThat(page.locator("tr[data-plan='alpha']")).hasCount(1);

        // Kept for the tab: a reload does not ask again.
        page.reload();
        assertThat(page.getByTestId("connection")).hasText("Live");
        assertThat(page.locator("tr[data-plan='alpha']")).hasCount(1);
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Access token"))).isHidden();

        // The refused requests (401) are the only errors the browser reports.
        List<String> errors = chromium.takeErrors();
        assertTrue(errors.stream().allMatch(e -> e.contains("401") || e.contains("WebSocket")), "unexpected errors: " + errors);
        assertEquals(List.of(), chromium.takeErrors());
    }
}
