package dev.keyward.console;

import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /console and its files: served from the jar with the headers that protect a page holding a
 * key. The modules are not API operations, so they are fetched without the spec-checking client.
 */
class ConsoleFilesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
            + "require-trusted-types-for 'script'";

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestServer.shared("h2").api.base() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedAsDocumentedWithAStrictPolicyNoFramingNoReferrerAndNoCaching() {
        // Through the spec-checking client: GET /console is an operation of openapi.yaml.
        Resp r = TestServer.shared("h2").api.get("/console");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.header("Content-Security-Policy")).isEqualTo(CSP);
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Set-Cookie")).isNull();
        assertThat(r.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
    }

    @Test
    void modulesAndStylesAreServedWithTheirTypesAndRevalidated() throws Exception {
        HttpResponse<String> js = get("/console/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(js.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/console/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/console/console.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/console/favicon.svg").headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
    }

    @Test
    void onlyTheConsolesOwnFilesAreServed() throws Exception {
        for (String path : new String[] {"/console/nothing.js", "/console/index.html", "/console/..%2Flogback.xml",
                "/console/%2e%2e%2fkeyward%2fopenapi.yaml", "/console/App.class", "/console/logback.xml"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).contains("\"code\":\"NOT_FOUND\"");
        }
    }
}
