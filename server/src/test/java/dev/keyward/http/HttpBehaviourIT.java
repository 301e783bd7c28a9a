package dev.keyward.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyward.support.Api;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.keyward.support.Fixtures.operator;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class HttpBehaviourIT {
    @Parameter
    String db;
    Api api;

    @BeforeEach
    void server() {
        api = TestServer.shared(db).api;
    }

    private Resp create(String json) {
        return api.send("POST", "/api/admin/projects", "application/json", json.getBytes(StandardCharsets.UTF_8), operator());
    }

    @Test
    void everyResponseCarriesARequestIdAndEchoesASaneOne() {
        Resp r = api.get("/health/live", "X-Request-Id", "client-id-123");
        assertThat(r.header("X-Request-Id")).isEqualTo("client-id-123");
        Resp evil = api.get("/health/live", "X-Request-Id", "bad id with spaces");
        assertThat(evil.header("X-Request-Id")).isNotEqualTo("bad id with spaces").matches("[0-9a-f]{24}");
    }

    @Test
    void bodiesOver16KiBAre413BeforeParsing() {
        assertThat(api.headersOnly("/api/admin/projects", 17 * 1024, operator())).as("answered without reading the body")
                .startsWith("HTTP/1.1 413");
        String bigButUnder = "{\"name\":\"" + "x".repeat(15 * 1024) + "\"}";
        assertThat(create(bigButUnder).status()).as("15 KiB is fine").isEqualTo(400);
    }

    @Test
    void nonJsonContentTypeIs415() {
        Resp r = api.send("POST", "/api/admin/projects", "text/plain", "{\"name\":\"x\"}".getBytes(), operator());
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        Resp form = api.send("POST", "/api/admin/projects", "application/x-www-form-urlencoded", "name=x".getBytes(), operator());
        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void wrongMethodIs405() {
        Resp r = api.delete("/api/admin/projects", operator());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.code()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void refusedMethodsSizesAndContentTypesAreLoggedWithTheirPath() throws InterruptedException {
        Logger access = (Logger) LoggerFactory.getLogger("keyward.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            String id = "refused-" + System.nanoTime();
            api.send("DELETE", "/api/admin/projects", null, null, "X-Request-Id", id + "-405");
            api.headersOnly("/api/admin/projects", 17 * 1024, "X-Request-Id", id + "-413");
            api.send("POST", "/api/admin/projects", "text/plain", "x".getBytes(), "X-Request-Id", id + "-415");
            for (String status : new String[] {"405", "413", "415"}) {
                String line = awaitLine(lines, "id=" + id + "-" + status);
                assertThat(line).contains(" " + status + " ").endsWith(" path=/api/admin/projects");
            }
            api.get("/api/admin/projects", "X-Request-Id", id + "-401");
            assertThat(awaitLine(lines, "id=" + id + "-401")).as("routed answers need no path").doesNotContain("path=");
        } finally {
            access.detachAppender(lines);
        }
    }

    private static String awaitLine(ListAppender<ILoggingEvent> lines, String marker) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<ILoggingEvent> seen;
            synchronized (lines) {
                seen = List.copyOf(lines.list);
            }
            for (ILoggingEvent e : seen) {
                if (e.getFormattedMessage().contains(marker)) {
                    return e.getFormattedMessage();
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no access log line with " + marker);
    }

    @Test
    void unknownPathIs404Json() {
        Resp r = api.get("/api/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("NOT_FOUND");
        assertThat(r.field("timestamp")).as("fixed length: always milliseconds")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    }

    @Test
    void malformedJsonDuplicateKeysAndWrongTypesAre400WithDetails() {
        assertThat(create("{\"name\":").code()).isEqualTo("VALIDATION_ERROR");
        assertThat(create("[1,2]").code()).isEqualTo("VALIDATION_ERROR");
        assertThat(create("").code()).isEqualTo("VALIDATION_ERROR");
        Resp dup = create("{\"name\":\"a\",\"name\":\"b\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.json().get("details").get("body").asText()).contains("duplicate");
        Resp array = create("{\"name\":[\"a\"],\"requireEmailVerification\":\"true\"}");
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.json().get("details").get("name").asText()).isEqualTo("must be a string");
        assertThat(array.json().get("details").get("requireEmailVerification").asText()).isEqualTo("must be true or false");
        assertThat(create("{\"name\":42}").json().get("details").get("name").asText()).isEqualTo("must be a string");
        assertThat(create("{}").json().get("details").get("name").asText()).isEqualTo("is required");
        assertThat(create("{\"name\":\"a\"} trailing").status()).isEqualTo(400);
    }

    @Test
    void controlCharactersInAnyStringAre400() {
        for (String s : new String[] {"a\\u0000b", "a\\r\\nBcc: x@y.z", "tab\\there", "\\u007f"}) {
            Resp r = create("{\"name\":\"" + s + "\"}");
            assertThat(r.status()).as(s).isEqualTo(400);
            assertThat(r.json().get("details").get("name").asText()).contains("control characters");
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(create("{\"name\":\"ok\",\"somethingNew\":{\"a\":1}}").status()).isEqualTo(201);
    }

    @Test
    void apiResponsesAreNotCached() {
        Resp r = api.get("/api/admin/projects", operator());
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void successesAndErrorsSpellTheirJsonContentTypeAlike() {
        var answers = List.of(api.get("/health/live"), api.get("/api/admin/projects", operator()),
                api.get("/api/auth/local/otp-policy?projectId=685ad30be129932fbb7a1047"), api.get("/api/admin/projects"),
                api.get("/api/nothing-here"), api.delete("/api/admin/projects", operator()),
                api.post("/auth/forgot-password", java.util.Map.of("email", "a@example.com")));
        assertThat(answers).extracting(Resp::status).containsExactly(200, 200, 404, 401, 404, 405, 400);
        assertThat(answers).extracting(r -> r.header("Content-Type")).containsOnly(Api.JSON_CONTENT_TYPE);
    }

    @Test
    void operationsEndpointsAnswer() {
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        assertThat(api.get("/health/ready").field("status")).isEqualTo("ok");
        api.get("/api/admin/projects", operator());
        Resp metrics = api.get("/metrics");
        assertThat(metrics.body()).contains("keyward_http_requests").contains("route=\"/api/admin/projects\"");
        assertThat(api.get("/openapi.yaml").body()).startsWith("openapi: 3.0.3");
        Resp docs = api.get("/docs");
        assertThat(docs.body()).contains("/docs/assets/swagger-ui-bundle.js").doesNotContain("https://");
        assertThat(api.get("/docs/assets/swagger-ui-bundle.js").body()).contains("SwaggerUIBundle");
        assertThat(api.get("/docs/assets/..%2Fpom.xml").status()).isEqualTo(404);
    }
}
