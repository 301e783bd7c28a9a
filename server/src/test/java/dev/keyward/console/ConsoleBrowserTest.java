package dev.keyward.console;

import dev.keyward.support.Api;
import dev.keyward.support.Browser;
import dev.keyward.support.Fixtures;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One headless Chromium per test class, a fresh console page per test on the shared server of
 * the class's database. After every test the page must have asked nothing of another origin and
 * logged no CSP violation, trusted-types refusal or uncaught error.
 */
abstract class ConsoleBrowserTest {
    static ChromeDriver browser;

    Api api;
    ConsolePage page;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /** The database kind of the shared server this test runs against: "h2" or "postgres". */
    abstract String db();

    @BeforeEach
    void openConsole() {
        api = TestServer.shared(db()).api;
        page = new ConsolePage(browser, api.base()).open();
        page.consoleMessages();
    }

    @AfterEach
    void onlyThisOriginAndNoViolations(TestInfo test) {
        // What the page looked like at the end, to read when a test fails (target/, never committed).
        page.screenshot(Path.of("target", "console-screens", db(), "end-" + test.getTestMethod().orElseThrow().getName() + ".png"));
        assertThat(page.requestedUrls()).as("every request of the page").isNotEmpty()
                .allSatisfy(url -> assertThat(url).startsWith(api.base() + "/"));
        assertThat(page.consoleMessages()).as("console of the page")
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to")
                        || m.contains("Trusted") || m.contains("Uncaught"));
    }

    /** A project with its admin signed in to the console. */
    Fixtures.CreatedProject signedInProject() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        page.signInAsAdmin(p.adminKey(), p.id());
        return p;
    }

    String adminPath(Fixtures.CreatedProject p, String rest) {
        return "/api/admin/projects/" + p.id() + rest;
    }
}
