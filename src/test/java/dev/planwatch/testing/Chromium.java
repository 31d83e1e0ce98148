package dev.planwatch.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine's own Chromium ({@code /usr/bin/chromium}, or {@code PLANWATCH_CHROMIUM}) driven by
 * Playwright, headless; Playwright never downloads a browser. A page test class holds one as a JUnit
 * extension and is marked {@link RequiresChromium}:
 * <pre>
 * &#64;RequiresChromium
 * &#64;QuarkusTest
 * class SomePageTest {
 *     &#64;RegisterExtension
 *     static final Chromium chromium = new Chromium();
 * </pre>
 * The browser is launched before the class's first test and closed after its last; the pages a test
 * opened are closed after it. Without Chromium the condition of {@link RequiresChromium} reports
 * each test skipped with the reason and nothing is launched ({@code .ci/run} installs it, so CI
 * always runs them). Every page records the console errors and failed page errors it saw.
 */
public final class Chromium implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** Where the page tests leave their screenshots for review. */
    public static final Path SCREENSHOTS = Path.of("target/ui-screenshots");

    private Playwright playwright;
    private Browser browser;
    private final List<String> errors = new ArrayList<>();
    private final List<BrowserContext> contexts = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        // Only the condition says why a test cannot run: a class without it would fail instead of being skipped.
        if (!AnnotationSupport.isAnnotated(context.getTestClass(), RequiresChromium.class)) {
            throw new ExtensionConfigurationException(context.getRequiredTestClass().getSimpleName()
                    + " drives Chromium: mark it @RequiresChromium");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable())
                .setHeadless(true)
                // The machine's network is closed: Chromium's own background connections only fail.
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closePages();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    /** The Chromium the page tests drive: {@code PLANWATCH_CHROMIUM}, else Debian's. */
    public static Path executable() {
        return Path.of(System.getenv().getOrDefault("PLANWATCH_CHROMIUM", "/usr/bin/chromium"));
    }

    /** Why the page tests cannot run here, or empty when Chromium is there. */
    public static Optional<String> missingReason() {
        Path executable = executable();
        return Files.isExecutable(executable) ? Optional.empty()
                : Optional.of("No Chromium at " + executable + ": install it (apt-get install -y chromium) to run the page tests");
    }

    /** A new page in its own context (its own session storage), {@code width} × {@code height}. */
    public Page page(int width, int height, boolean dark) {
        return page(width, height, dark, List.of());
    }

    /** {@link #page(int, int, boolean)} in a context granted {@code permissions} (e.g. {@code notifications}). */
    public Page page(int width, int height, boolean dark, List<String> permissions) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(width, height)
                .setPermissions(permissions)
                .setColorScheme(dark ? ColorScheme.DARK : ColorScheme.LIGHT));
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage((ConsoleMessage message) -> {
            if ("error".equals(message.type())) {
                synchronized (errors) {
                    errors.add(page.url() + ": " + message.text() + " (" + message.location() + ")");
                }
            }
        });
        page.onPageError(error -> {
            synchronized (errors) {
                errors.add(page.url() + ": " + error);
            }
        });
        return page;
    }

    public Page page() {
        return page(1280, 900, false);
    }

    /** Closes every page opened so far (before a test removes what they show). */
    public void closePages() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    /** The console errors seen so far, then forgotten. */
    public List<String> takeErrors() {
        synchronized (errors) {
            List<String> seen = List.copyOf(errors);
            errors.clear();
            return seen;
        }
    }

    public static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
