package dev.planwatch.notify;

import dev.planwatch.orchestrator.ControlProfile;
import dev.planwatch.testing.Chromium;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.RequiresChromium;
import dev.planwatch.testing.Workspaces;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page in Chromium with notifications granted to it: a plan that completes is shown as a
 * desktop notification, and the Notifications view lists the deliveries. What the page handed to
 * the browser's Notification API is recorded by a script the test adds before the page loads
 * (the browser's own notification centre is outside a headless page's reach).
 */
@RequiresChromium
@QuarkusTest
@TestProfile(ControlProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = ReceiverResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class NotificationPageTest {

    private static final String RECORD_NOTIFICATIONS = """
            window.__shown = [];
            const Native = window.Notification;
            window.Notification = class extends Native {
              constructor(title, options) {
                super(title, options);
                window.__shown.push({ title, body: options && options.body, tag: options && options.tag });
              }
            };
            """;

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URI base;

    @Test
    void aCompletedPlanIsADesktopNotificationAndTheViewListsItsDeliveries() {
        Page page = chromium.page(1280, 900, false, List.of("notifications"));
        page.addInitScript(RECORD_NOTIFICATIONS);
        page.navigate(base.resolve("/#/notifications").toString());
        assertThat(page.getByTestId("connection")).hasText("Live");
        assertThat(page.getByTestId("desktop-state")).containsText("Shown on this desktop");
        assertEquals("granted", page.evaluate("Notification.permission"));

        Workspaces.writeAtomically("docs/plans/ntf-page.md", "# Plan ntf-page\n\n## Phase 1: Go\n- [ ] 1.1 a\n- [ ] 1.2 b\n");
        Workspaces.writeAtomically("docs/plan-outputs/ntf-page/status.json",
                Workspaces.statusJson("ntf-page", Instant.now().toString(), "completed", "in_progress"));
        await().until(() -> "in_progress".equals(given().get("/api/plans/ntf-page").jsonPath().get("data.status")));
        Workspaces.writeAtomically("docs/plan-outputs/ntf-page/status.json",
                Workspaces.statusJson("ntf-page", Instant.now().toString(), "completed", "completed"));

        page.waitForFunction("() => window.__shown.some(n => n.title.includes('Plan completed: ntf-page'))");
        Object shown = page.evaluate("window.__shown.find(n => n.title.includes('ntf-page'))");
        assertTrue(String.valueOf(shown).contains("Plan ntf-page completed"), String.valueOf(shown));

        assertThat(page.locator("[data-testid=deliveries] tr", new Page.LocatorOptions().setHasText("ntf-page")).first())
                .containsText("plan.completed");
        assertThat(page.locator("[data-testid=deliveries] tr", new Page.LocatorOptions().setHasText("ntf-page"))
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("webhook")).first()).containsText("sent");
        Chromium.screenshot(page, "notifications");

        page.getByText("Send a test notification").click();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.STATUS).filter(
                new com.microsoft.playwright.Locator.FilterOptions().setHasText("Test event sent"))).isVisible();
        page.waitForFunction("() => window.__shown.some(n => n.title.includes('Test notification'))");
        Page narrow = chromium.page(390, 844, true, List.of());
        narrow.navigate(base.resolve("/#/notifications").toString());
        // Headless Chromium denies what was not granted: the view says where to change it.
        assertThat(narrow.getByTestId("desktop-state")).containsText("Blocked in this browser");
        assertThat(narrow.locator("[data-testid=deliveries]")).containsText("notification.test");
        Chromium.screenshot(narrow, "notifications-390-dark");
        assertEquals(List.of(), chromium.takeErrors(), "console errors");
    }
}
