package dev.keyward.webhook;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Hooks;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Without KEYWARD_WEBHOOK_ALLOW_PRIVATE the admin API refuses non-https URLs and every non-public target, with the reason. */
class WebhookSsrfIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        Map<String, String> env = new HashMap<>();
        env.put("KEYWARD_WEBHOOK_ALLOW_PRIVATE", null);
        server = TestServer.dedicated("h2", env);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String refusal(Api api, String project, String url) {
        Resp r = api.post(Hooks.path(project), Map.of("url", url, "events", List.of("user.created")), Fixtures.operator());
        assertThat(r.status()).as(url + ": " + r).isEqualTo(400);
        return r.json().get("details").get("url").asText();
    }

    @Test
    void loopbackPrivateLinkLocalAndMetadataTargetsAndNamesResolvingToThemAreRefused() {
        Api api = server.api;
        String project = Fixtures.project(api, true).id();
        assertThat(refusal(api, project, "http://hooks.example.com/")).isEqualTo("must be an https URL");
        assertThat(refusal(api, project, "https://127.0.0.1/hook")).contains("127.0.0.1 is a loopback address");
        assertThat(refusal(api, project, "https://[::1]:8443/hook")).contains("loopback");
        assertThat(refusal(api, project, "https://localhost/hook")).contains("is a loopback address (localhost)");
        assertThat(refusal(api, project, "https://10.1.2.3/")).contains("a private address");
        assertThat(refusal(api, project, "https://192.168.0.10/")).contains("a private address");
        assertThat(refusal(api, project, "https://172.31.255.1/")).contains("a private address");
        assertThat(refusal(api, project, "https://169.254.10.10/")).contains("a link-local address");
        assertThat(refusal(api, project, "https://[fe80::1]/")).contains("a link-local address");
        assertThat(refusal(api, project, "https://169.254.169.254/latest/meta-data/")).contains("a cloud metadata address");
        assertThat(refusal(api, project, "https://[::ffff:169.254.169.254]/")).contains("a cloud metadata address");
        assertThat(refusal(api, project, "https://100.100.100.200/")).contains("carrier-grade NAT");

        Resp publicTarget = api.post(Hooks.path(project), Map.of("url", "https://93.184.216.34/hook", "events",
                List.of("user.created")), Fixtures.operator());
        assertThat(publicTarget.status()).as(publicTarget.toString()).isEqualTo(201);
        Resp patched = api.patch(Hooks.path(project, publicTarget.field("id")), Map.of("url", "https://127.0.0.1/"),
                Fixtures.operator());
        assertThat(patched.status()).isEqualTo(400);
        assertThat(patched.json().get("details").get("url").asText()).contains("loopback");
    }
}
