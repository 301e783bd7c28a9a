package dev.keyward.browser;

import dev.keyward.support.Api;
import dev.keyward.support.Browser;
import dev.keyward.support.Fixtures;
import dev.keyward.support.PageServer;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real cross-origin fetch from a page on another port, in headless Chromium: the project's
 * allowed origin gets the answer, another origin is refused by the browser.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class CorsBrowserIT {
    private static final String PAGE = """
            <!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body><script>
            window.callKeyward = (base, projectId) => fetch(base + '/api/auth/local/login', {
                method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({email: 'nobody@example.com', password: 'not the password', projectId})})
              .then(r => r.json().then(j => 'answered ' + r.status + ' ' + j.code + ' ' + (r.headers.get('X-Request-Id') ? 'id' : 'no-id')))
              .catch(e => 'blocked ' + e.name);
            </script></body></html>""";

    @Parameter
    String db;
    Api api;
    ChromeDriver browser;

    @BeforeEach
    void setUp() {
        api = TestServer.shared(db).api;
        browser = Browser.start();
    }

    @AfterEach
    void tearDown() {
        browser.quit();
    }

    private String fetchFrom(PageServer page, String projectId) {
        browser.get(page.origin() + "/");
        return (String) browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; window.callKeyward(arguments[0], arguments[1]).then(done);",
                api.base(), projectId);
    }

    @Test
    void theAllowedOriginReadsTheAnswerAndAnotherOriginIsRefused() {
        try (PageServer allowed = new PageServer(PAGE); PageServer other = new PageServer(PAGE)) {
            Fixtures.CreatedProject p = Fixtures.project(api, true);
            Resp set = api.patch("/api/admin/projects/" + p.id(), Map.of("allowedOrigins", List.of(allowed.origin())),
                    Fixtures.key(p.adminKey()));
            assertThat(set.json().get("allowedOrigins").get(0).asText()).isEqualTo(allowed.origin());

            assertThat(fetchFrom(allowed, p.id())).isEqualTo("answered 401 INVALID_CREDENTIALS id");
            assertThat(fetchFrom(other, p.id())).isEqualTo("blocked TypeError");
        }
    }
}
