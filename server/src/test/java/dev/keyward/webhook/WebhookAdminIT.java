package dev.keyward.webhook;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Hooks;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.WebhookReceiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook admin API: the secret shown once, changes, rotation with a 24 h overlap, tests, audit, limits and bad input. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class WebhookAdminIT {
    @Parameter
    String db;
    Api api;

    @BeforeEach
    void server() {
        api = TestServer.shared(db).api;
    }

    @Test
    void createListChangeRotateTestAndDeleteAreAuditedAndTheSecretIsShownOnce() {
        Fixtures.CreatedProject project = Fixtures.project(api, true);
        String[] key = Fixtures.key(project.adminKey());
        try (WebhookReceiver receiver = WebhookReceiver.ok()) {
            Resp created = api.post(Hooks.path(project.id()), Map.of("url", receiver.url(), "events",
                    List.of("user.created", "login.throttled", "user.created")), key);
            assertThat(created.status()).isEqualTo(201);
            String id = created.field("id");
            String secret = created.field("secret");
            assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
            assertThat(created.json().get("enabled").asBoolean()).isTrue();
            assertThat(created.json().get("events")).hasSize(2);

            Resp got = api.get(Hooks.path(project.id(), id), key);
            assertThat(got.json().has("secret")).isFalse();
            assertThat(api.get(Hooks.path(project.id()), key).body()).doesNotContain(secret.substring(6))
                    .contains(id);

            Resp changed = api.patch(Hooks.path(project.id(), id), Map.of("events", List.of("user.deleted"), "enabled", false), key);
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.json().get("events").get(0).asText()).isEqualTo("user.deleted");
            assertThat(changed.json().get("enabled").asBoolean()).isFalse();
            assertThat(changed.field("url")).isEqualTo(receiver.url());

            // A test event is sent even to a disabled endpoint, signed with the secret.
            Resp test = api.post(Hooks.path(project.id(), id) + "/test", null, key);
            assertThat(test.status()).isEqualTo(202);
            assertThat(test.field("eventType")).isEqualTo("webhook.test");
            assertThat(test.field("status")).isEqualTo("pending");
            assertThat(receiver.await("webhook.test", 1).get(0).signedWith(secret)).isTrue();
            Map<String, Object> delivered = Hooks.awaitNewest(api, project.id(), id, d -> d.get("status").equals("delivered"));
            assertThat(delivered).containsEntry("attempts", 1).containsEntry("lastStatusCode", 204)
                    .containsKeys("lastDurationMs", "finishedAt", "messageId").doesNotContainKey("nextAttemptAt");

            // Rotation: the new secret is shown once; for 24 h deliveries carry both signatures.
            Resp rotated = api.post(Hooks.path(project.id(), id) + "/rotate-secret", null, key);
            assertThat(rotated.status()).isEqualTo(200);
            String newSecret = rotated.field("secret");
            assertThat(newSecret).isNotEqualTo(secret).startsWith("whsec_");
            assertThat(api.get(Hooks.path(project.id(), id), key).field("previousSecretExpiresAt"))
                    .isEqualTo(rotated.field("previousSecretExpiresAt"));
            api.post(Hooks.path(project.id(), id) + "/test", null, key);
            WebhookReceiver.Received both = receiver.await("webhook.test", 2).get(1);
            assertThat(both.header("webhook-signature").split(" ")).hasSize(2);
            assertThat(both.signedWith(newSecret)).isTrue();
            assertThat(both.signedWith(secret)).as("the old secret still verifies during the overlap").isTrue();
            TestServer.shared(db).clock.advance(java.time.Duration.ofHours(24).plusSeconds(1));
            try {
                api.post(Hooks.path(project.id(), id) + "/test", null, key);
                WebhookReceiver.Received after = receiver.await("webhook.test", 3).get(2);
                assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
                assertThat(after.signedWith(newSecret)).isTrue();
                assertThat(after.signedWith(secret)).isFalse();
            } finally {
                TestServer.shared(db).clock.advance(java.time.Duration.ofHours(-24).minusSeconds(1));
            }

            assertThat(api.delete(Hooks.path(project.id(), id), key).body()).isEqualTo("{\"message\":\"Webhook deleted\"}");
            assertThat(api.get(Hooks.path(project.id(), id), key).status()).isEqualTo(404);
            assertThat(api.get(Hooks.path(project.id(), id) + "/deliveries", key).status()).isEqualTo(404);
            assertThat(api.delete(Hooks.path(project.id(), id), key).status()).isEqualTo(404);

            List<String> audit = new ArrayList<>();
            api.get("/api/admin/projects/" + project.id() + "/events?limit=50", key).json().get("events")
                    .forEach(e -> audit.add(e.get("type").asText()));
            assertThat(audit).contains("webhook.created", "webhook.updated", "webhook.tested", "webhook.secret_rotated",
                    "webhook.deleted");
            assertThat(api.get("/api/admin/projects/" + project.id() + "/events", key).body())
                    .doesNotContain(secret.substring(6)).doesNotContain(newSecret.substring(6)).doesNotContain("/hooks");
        }
    }

    @Test
    void badInputIsA400WithDetailsAndOtherProjectsAreOutOfReach() {
        Fixtures.CreatedProject project = Fixtures.project(api, true);
        Fixtures.CreatedProject other = Fixtures.project(api, true);
        String path = Hooks.path(project.id());
        String[] op = Fixtures.operator();
        Map<String, String> details = details(api.post(path, Map.of("url", "https://example.com/h", "events", List.of("user.exploded")), op));
        assertThat(details.get("events")).contains("unknown event type 'user.exploded'").contains("user.created");
        assertThat(details(api.post(path, Map.of("url", "https://example.com/h", "events", List.of()), op)).get("events"))
                .contains("at least one");
        assertThat(details(api.post(path, Map.of("url", "https://example.com/h", "events", "user.created"), op)).get("events"))
                .contains("array");
        assertThat(details(api.post(path, Map.of("url", "https://example.com/h", "events", List.of("webhook.test")), op))
                .get("events")).contains("unknown event type");
        assertThat(details(api.post(path, Map.of("events", List.of("user.created")), op)).get("url")).isEqualTo("is required");
        assertThat(details(api.post(path, Map.of("url", "https://example.com/" + "a".repeat(2000), "events",
                List.of("user.created")), op)).get("url")).isEqualTo("must be at most 2000 characters");
        assertThat(details(api.post(path, Map.of("url", "ftp://example.com/h", "events", List.of("user.created")), op))
                .get("url")).contains("must be an http or https URL");
        assertThat(details(api.post(path, Map.of("url", "https://u:p@example.com/h", "events", List.of("user.created")), op))
                .get("url")).isEqualTo("must not contain credentials");
        assertThat(details(api.post(path, Map.of("url", "https://example.com/h", "events", List.of("user.created"),
                "enabled", "yes"), op)).get("enabled")).isEqualTo("must be true or false");

        for (int i = 0; i < 20; i++) {
            Hooks.create(api, project.id(), "https://example.com/h" + i, List.of("user.created"));
        }
        Resp tooMany = api.post(path, Map.of("url", "https://example.com/h21", "events", List.of("user.created")), op);
        assertThat(details(tooMany).get("webhooks")).contains("at most 20");
        String first = api.get(path, op).json().get("webhooks").get(0).get("id").asText();
        assertThat(details(api.patch(Hooks.path(project.id(), first), Map.of("events", List.of("nope")), op))).containsKey("events");

        String[] foreignKey = Fixtures.key(other.adminKey());
        assertThat(api.get(path, foreignKey).status()).isEqualTo(403);
        assertThat(api.post(path, Map.of("url", "https://example.com/h", "events", List.of("user.created")), foreignKey).status())
                .isEqualTo(403);
        assertThat(api.get(Hooks.path(other.id(), first), op).status()).as("a webhook id of another project").isEqualTo(404);
        assertThat(api.post(Hooks.path(other.id(), first) + "/rotate-secret", null, op).status()).isEqualTo(404);
        assertThat(api.get(Hooks.path(project.id(), "not-an-id"), op).status()).isEqualTo(404);
        assertThat(api.get(path, "X-API-Key", "kwk_wrong").status()).isEqualTo(401);
        assertThat(api.get(Hooks.path(project.id(), first) + "/deliveries?limit=0", op).status()).isEqualTo(400);
    }

    private static Map<String, String> details(Resp r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("VALIDATION_ERROR");
        Map<String, String> out = new java.util.HashMap<>();
        r.json().get("details").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
