package dev.keyward.browser;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS per project and quiet sign-up, over HTTP (the browser itself is in CorsBrowserIT). */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class BrowserAppsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @Parameter
    String db;
    TestServer server;
    Api api;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(db);
        api = server.api;
    }

    /** Preflights are CORS protocol, not API operations: sent without the spec-checking client. */
    private HttpResponse<String> options(String path, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String uniqueOrigin() {
        return "https://app-" + System.nanoTime() + ".example.com";
    }

    private Fixtures.CreatedProject projectAllowing(String... origins) {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        Resp r = api.patch("/api/admin/projects/" + p.id(), Map.of("allowedOrigins", List.of(origins)), Fixtures.key(p.adminKey()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return p;
    }

    @Test
    void aPreflightFromAnAllowedOriginGetsThatOriginTheMethodsHeadersAndMaxAge() throws Exception {
        String origin = uniqueOrigin();
        String project = projectAllowing(origin, "http://localhost:3000").id();
        HttpResponse<String> r = options("/api/auth/local/login?projectId=" + project, origin);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        assertThat(r.headers().allValues("Vary")).contains("Origin");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(h ->
                assertThat(h).contains("Content-Type").contains("Authorization").contains("X-Project-Id"));
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(options("/api/auth/local/session?projectId=" + project, origin).headers()
                .firstValue("Access-Control-Allow-Methods")).hasValue("GET");
        assertThat(options("/api/auth/local/login", origin).headers().firstValue("Access-Control-Allow-Origin"))
                .as("no project named: some project allows it").hasValue(origin);
    }

    @Test
    void otherOriginsOtherProjectsAndTheAdminApiGetNoCorsHeaders() throws Exception {
        String origin = uniqueOrigin();
        String project = projectAllowing(origin).id();
        String other = Fixtures.project(api, true).id();
        assertThat(options("/api/auth/local/login?projectId=" + project, uniqueOrigin()).headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(options("/api/auth/local/login?projectId=" + other, origin).headers()
                .firstValue("Access-Control-Allow-Origin")).as("another project's page").isEmpty();
        assertThat(options("/api/auth/local/login", uniqueOrigin()).headers().firstValue("Access-Control-Allow-Origin"))
                .as("no project allows it").isEmpty();
        HttpResponse<String> admin = options("/api/admin/projects/" + project, origin);
        assertThat(admin.statusCode()).isEqualTo(405);
        assertThat(admin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        Resp allowed = api.post("/api/auth/local/login", Map.of("email", "a@example.com", "password", "wrong password",
                "projectId", project), "Origin", origin);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(origin);
        assertThat(allowed.header("Access-Control-Expose-Headers")).contains("X-Request-Id");
        Resp refused = api.post("/api/auth/local/login", Map.of("email", "a@example.com", "password", "wrong password",
                "projectId", other), "Origin", origin);
        assertThat(refused.header("Access-Control-Allow-Origin")).as("the body's project does not allow it").isNull();
        Resp adminCall = api.get("/api/admin/projects/" + project, "Origin", origin, "Authorization", "Bearer " + TestServer.OPERATOR_TOKEN);
        assertThat(adminCall.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void allowedOriginsAreExactOriginsAtMostTwenty() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        for (String bad : List.of("https://app.example.com/", "https://app.example.com/path", "app.example.com",
                "https://App.example.com", "ftp://x.example.com", "https://*.example.com", "https://x.example.com:99999")) {
            Resp r = api.patch("/api/admin/projects/" + p.id(), Map.of("allowedOrigins", List.of(bad)), Fixtures.key(p.adminKey()));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("details").has("allowedOrigins")).as(bad).isTrue();
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("https://a" + i + ".example.com");
        }
        assertThat(api.patch("/api/admin/projects/" + p.id(), Map.of("allowedOrigins", many), Fixtures.key(p.adminKey()))
                .status()).isEqualTo(400);
        Resp ok = api.patch("/api/admin/projects/" + p.id(), Map.of("allowedOrigins", List.of("http://[::1]:8080",
                "http://localhost:3000")), Fixtures.key(p.adminKey()));
        assertThat(ok.json().get("allowedOrigins")).hasSize(2);
        Resp cleared = api.patch("/api/admin/projects/" + p.id(), Collections.singletonMap("allowedOrigins", null),
                Fixtures.key(p.adminKey()));
        assertThat(cleared.json().get("allowedOrigins")).isEmpty();
    }

    @Test
    void quietSignUpAnswersAnExistingAddressLikeANewOneAndMailsTheOwner() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        Resp quiet = api.patch("/api/admin/projects/" + p.id(), Map.of("registrationMode", "quiet"), Fixtures.key(p.adminKey()));
        assertThat(quiet.field("registrationMode")).isEqualTo("quiet");
        String email = Users.verified(api, p.id());
        String fresh = Fixtures.uniqueEmail("fresh");
        Resp newOne = Users.register(api, p.id(), fresh, "another long passphrase");
        Resp again = api.post("/api/auth/local/register", Map.of("email", email, "password", "another long passphrase",
                "firstName", "Ada", "lastName", "Lovelace", "projectId", p.id()));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().fieldNames()).toIterable().containsExactlyElementsOf(() -> newOne.json().fieldNames());
        assertThat(again.json().get("user").fieldNames()).toIterable()
                .containsExactlyElementsOf(() -> newOne.json().get("user").fieldNames());
        assertThat(again.field("message")).isEqualTo(newOne.field("message"));
        assertThat(again.json().get("user").get("id").asText()).matches("[0-9a-f]{24}");
        assertThat(Mailbox.await(email, "Someone tried to sign up with your address", 1)).hasSize(1);
        assertThat(Mailbox.to(email, "Verify your email")).as("only the first sign-up's link").hasSize(1);
        assertThat(Users.login(api, p.id(), email, Users.PASSWORD).status()).as("the account is untouched").isEqualTo(200);

        Fixtures.CreatedProject loud = Fixtures.project(api, true);
        String taken = Users.verified(api, loud.id());
        assertThat(api.post("/api/auth/local/register", Map.of("email", taken, "password", "another long passphrase",
                "projectId", loud.id())).status()).as("conflict mode, the default").isEqualTo(409);
    }

    @Test
    void quietSignUpNeedsEmailVerification() {
        Fixtures.CreatedProject p = Fixtures.project(api, false);
        Resp refused = api.patch("/api/admin/projects/" + p.id(), Map.of("registrationMode", "quiet"), Fixtures.key(p.adminKey()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("details").has("registrationMode")).isTrue();
        api.patch("/api/admin/projects/" + p.id(), Map.of("registrationMode", "quiet", "requireEmailVerification", true),
                Fixtures.key(p.adminKey()));
        Resp off = api.patch("/api/admin/projects/" + p.id(), Map.of("requireEmailVerification", false), Fixtures.key(p.adminKey()));
        assertThat(off.status()).isEqualTo(400);
        assertThat(off.json().get("details").has("requireEmailVerification")).isTrue();
        assertThat(api.patch("/api/admin/projects/" + p.id(), Map.of("registrationMode", "loud"), Fixtures.key(p.adminKey()))
                .status()).isEqualTo(400);
    }
}
