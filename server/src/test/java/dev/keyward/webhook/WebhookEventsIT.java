package dev.keyward.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Hooks;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import dev.keyward.support.WebhookReceiver;
import dev.keyward.support.WebhookReceiver.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.keyward.support.Users.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type, caused through the public and admin APIs, reaches a receiver on loopback
 * signed per Standard Webhooks, with exactly the payload openapi.yaml documents for its type,
 * and no body carries a code, password, reset token, verification token or password hash.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class WebhookEventsIT {
    private static final String IMPORTED_HASH = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    @Parameter
    String db;
    Api api;

    @BeforeEach
    void server() {
        api = TestServer.shared(db).api;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEventArrivesSignedWithItsDocumentedPayloadAndNeverASecret() throws IOException {
        String project = Fixtures.project(api, true).id();
        try (WebhookReceiver receiver = WebhookReceiver.ok()) {
            Hooks.Created hook = Hooks.create(api, project, receiver.url(), Hooks.ALL_EVENTS);
            List<String> secrets = new ArrayList<>(List.of(PASSWORD, IMPORTED_HASH));

            String ada = Fixtures.uniqueEmail("ada");
            String adaId = Users.register(api, project, ada, PASSWORD).json().get("user").get("id").asText();
            String verifyToken = Mailbox.verificationToken(ada);
            secrets.add(verifyToken);
            assertThat(api.post("/api/auth/verify-email", Map.of("token", verifyToken, "projectId", project)).status()).isEqualTo(200);

            String bob = Fixtures.uniqueEmail("bob");
            String bobPassword = "bob's long admin password";
            secrets.add(bobPassword);
            String bobId = adminCreate(project, Map.of("email", bob, "password", bobPassword)).field("id");
            String cyd = Fixtures.uniqueEmail("cyd");
            String cydId = adminCreate(project, Map.of("email", cyd, "passwordHash", IMPORTED_HASH, "emailVerified", true))
                    .field("id");

            // Ada resets in three steps (code -> reset token -> password); an unknown address queues nothing.
            assertThat(Users.requestReset(api, project, ada).status()).isEqualTo(200);
            assertThat(Users.requestReset(api, project, Fixtures.uniqueEmail("nobody")).status()).isEqualTo(200);
            String code = Mailbox.latestCode(ada, 1);
            Resp verified = api.post("/api/auth/local/password-reset/verify", Map.of("email", ada, "projectId", project, "otp", code));
            String resetToken = verified.field("resetToken");
            String adaNewPassword = "ada's brand new passphrase";
            secrets.addAll(List.of(code, resetToken, adaNewPassword));
            assertThat(api.post("/api/auth/local/password-reset/confirm", Map.of("email", ada, "projectId", project,
                    "resetToken", resetToken, "newPassword", adaNewPassword)).status()).isEqualTo(200);

            // Bob (unverified) resets with a code: completed, and his address is verified by it.
            assertThat(Users.requestReset(api, project, bob).status()).isEqualTo(200);
            String bobCode = Mailbox.latestCode(bob, 1);
            secrets.addAll(List.of(bobCode, "bob's newer passphrase"));
            assertThat(Users.confirm(api, project, bob, bobCode, "bob's newer passphrase").status()).isEqualTo(200);

            // Cyd's code locks after 5 wrong guesses; her logins are throttled after 10 failures, announced once.
            assertThat(Users.requestReset(api, project, cyd).status()).isEqualTo(200);
            String cydCode = Mailbox.latestCode(cyd, 1);
            secrets.add(cydCode);
            String wrong = cydCode.equals("000000") ? "111111" : "000000";
            for (int i = 0; i < 5; i++) {
                assertThat(Users.confirm(api, project, cyd, wrong, "irrelevant passphrase").code()).isEqualTo("INVALID_OTP");
            }
            for (int i = 0; i < 10; i++) {
                assertThat(Users.login(api, project, cyd, "wrong password " + i).status()).isEqualTo(401);
            }
            assertThat(Users.login(api, project, cyd, "wrong password").status()).isEqualTo(429);
            assertThat(Users.login(api, project, cyd, "wrong password").status()).isEqualTo(429);

            assertThat(api.put("/api/admin/projects/" + project + "/otp-policy", Map.of("length", 8, "alphabet", "alphanumeric",
                    "ttlSeconds", 300, "maxAttempts", 5, "resendCooldownSeconds", 60, "maxSendsPerHour", 5,
                    "maxFailuresPerDay", 10), Fixtures.key(Fixtures.project(api, true).adminKey())).status())
                    .as("another project's key changes nothing here").isEqualTo(403);
            assertThat(api.put("/api/admin/projects/" + project + "/otp-policy", Map.of("length", 8, "alphabet", "alphanumeric",
                    "ttlSeconds", 300, "maxAttempts", 5, "resendCooldownSeconds", 60, "maxSendsPerHour", 5,
                    "maxFailuresPerDay", 10), Fixtures.operator()).status()).isEqualTo(200);
            assertThat(api.delete("/api/admin/projects/" + project + "/users/" + cydId, Fixtures.operator()).status()).isEqualTo(200);
            assertThat(api.post(Hooks.path(project, hook.id()) + "/test", null, Fixtures.operator()).status()).isEqualTo(202);

            List<Received> all = receiver.await(15, r -> true, 15);
            WebhookReceiver.sleep(300);
            all = receiver.received();
            assertThat(all.stream().map(Received::type).toList()).containsExactlyInAnyOrder(
                    "user.created", "user.email_verified", "user.created", "user.created",
                    "password_reset.requested", "password_reset.completed",
                    "password_reset.requested", "password_reset.completed", "user.email_verified",
                    "password_reset.requested", "password_reset.locked", "login.throttled",
                    "otp_policy.updated", "user.deleted", "webhook.test");

            JsonNode dataSchemas = openApi().path("components").path("schemas");
            TreeSet<String> ids = new TreeSet<>();
            for (Received r : all) {
                assertThat(r.signedWith(hook.secret())).as("signature of " + r.body()).isTrue();
                assertThat(r.header("content-type")).startsWith("application/json");
                assertThat(r.header("webhook-id")).matches("msg_[A-Za-z0-9_-]{22}");
                assertThat(Long.parseLong(r.header("webhook-timestamp")))
                        .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
                ids.add(r.header("webhook-id"));
                JsonNode body = r.json();
                assertThat(body.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
                assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(body.get("data").get("projectId").asText()).isEqualTo(project);
                String schemaName = dataSchemas.path("WebhookEvent").path("x-data-schemas").path(r.type()).asText();
                JsonNode schema = dataSchemas.path(schemaName);
                List<String> documented = new ArrayList<>();
                schema.path("properties").fieldNames().forEachRemaining(documented::add);
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(n -> required.add(n.asText()));
                assertThat(body.get("data").fieldNames()).toIterable().as(r.type() + " documented as " + schemaName)
                        .containsExactlyInAnyOrderElementsOf(documented).containsAll(required);
                for (String secret : secrets) {
                    assertThat(r.body()).as("no code, password, token or hash").doesNotContainIgnoringCase(secret);
                }
                assertThat(r.body()).doesNotContain("$2a$").doesNotContain("$2b$").doesNotContain("$2y$");
            }
            assertThat(ids).as("one message id per event").hasSize(all.size());

            assertThat(data(all, "user.created", ada)).containsEntry("userId", adaId).containsEntry("source", "signup")
                    .containsEntry("emailVerified", false);
            assertThat(data(all, "user.created", bob)).containsEntry("userId", bobId).containsEntry("source", "admin");
            assertThat(data(all, "user.created", cyd)).containsEntry("source", "import").containsEntry("emailVerified", true);
            assertThat(data(all, "user.email_verified", ada)).containsEntry("via", "link");
            assertThat(data(all, "user.email_verified", bob)).containsEntry("via", "password_reset");
            assertThat(data(all, "password_reset.completed", ada)).containsEntry("userId", adaId);
            assertThat(data(all, "password_reset.locked", cyd)).containsEntry("reason", "max_attempts").containsEntry("userId", cydId);
            assertThat(data(all, "login.throttled", cyd)).containsKey("retryAfterSeconds");
            assertThat(data(all, "user.deleted", cyd)).containsEntry("userId", cydId);
            Map<String, Object> policy = data(all, "otp_policy.updated", null);
            assertThat(policy).containsEntry("actor", "operator");
            assertThat((Map<String, Object>) policy.get("otpPolicy")).containsEntry("length", 8).containsEntry("alphabet", "alphanumeric");
            assertThat(data(all, "webhook.test", null)).containsEntry("webhookId", hook.id());
        }
    }

    @Test
    void onlySubscribedEnabledEndpointsOfTheProjectReceiveAnEvent() {
        String project = Fixtures.project(api, false).id();
        String other = Fixtures.project(api, false).id();
        try (WebhookReceiver signups = WebhookReceiver.ok(); WebhookReceiver resets = WebhookReceiver.ok();
             WebhookReceiver off = WebhookReceiver.ok(); WebhookReceiver elsewhere = WebhookReceiver.ok()) {
            Hooks.create(api, project, signups.url(), List.of("user.created"));
            Hooks.create(api, project, resets.url(), List.of("password_reset.requested"));
            Hooks.Created disabled = Hooks.create(api, project, off.url(), Hooks.ALL_EVENTS);
            assertThat(api.patch(Hooks.path(project, disabled.id()), Map.of("enabled", false), Fixtures.operator()).status())
                    .isEqualTo(200);
            Hooks.create(api, other, elsewhere.url(), Hooks.ALL_EVENTS);

            Users.register(api, project, Fixtures.uniqueEmail("sub"), PASSWORD);
            signups.await("user.created", 1);
            WebhookReceiver.sleep(300);
            assertThat(resets.received()).isEmpty();
            assertThat(off.received()).isEmpty();
            assertThat(elsewhere.received()).as("tenancy: another project's endpoint").isEmpty();
        }
    }

    /**
     * A request skips the fan-out while nothing subscribes to its event; the project's settings
     * (held in memory between requests) must learn of a subscription from the very next request.
     */
    @Test
    void aResetRequestQueuesItsEventFromTheFirstRequestAfterAnEndpointSubscribesUntilItUnsubscribes() {
        String project = Fixtures.project(api, true).id();
        try (WebhookReceiver resets = WebhookReceiver.ok()) {
            assertThat(Users.requestReset(api, project, Users.verified(api, project)).status()).isEqualTo(200);
            Hooks.Created hook = Hooks.create(api, project, resets.url(), List.of("password_reset.requested"));
            String subscribed = Users.verified(api, project);
            assertThat(Users.requestReset(api, project, subscribed).status()).isEqualTo(200);
            assertThat(resets.await("password_reset.requested", 1).get(0).json().get("data").get("email").asText())
                    .isEqualTo(subscribed);

            assertThat(api.patch(Hooks.path(project, hook.id()), Map.of("events", List.of("user.created")),
                    Fixtures.operator()).status()).isEqualTo(200);
            assertThat(Users.requestReset(api, project, Users.verified(api, project)).status()).isEqualTo(200);
            assertThat(api.patch(Hooks.path(project, hook.id()), Map.of("events", List.of("password_reset.requested"),
                    "enabled", false), Fixtures.operator()).status()).isEqualTo(200);
            assertThat(Users.requestReset(api, project, Users.verified(api, project)).status()).isEqualTo(200);
            WebhookReceiver.sleep(300);
            assertThat(resets.received(r -> r.type().equals("password_reset.requested"))).as("unsubscribed, then disabled")
                    .hasSize(1);

            assertThat(api.patch(Hooks.path(project, hook.id()), Map.of("enabled", true), Fixtures.operator()).status())
                    .isEqualTo(200);
            String again = Users.verified(api, project);
            assertThat(Users.requestReset(api, project, again).status()).isEqualTo(200);
            assertThat(resets.await("password_reset.requested", 2).get(1).json().get("data").get("email").asText())
                    .isEqualTo(again);
        }
    }

    private Resp adminCreate(String project, Map<String, Object> body) {
        Resp r = api.post("/api/admin/projects/" + project + "/users", body, Fixtures.operator());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    /** The data of the one event of this type (for this address, if given). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(List<Received> all, String type, String email) {
        List<Received> matching = all.stream().filter(r -> r.type().equals(type))
                .filter(r -> email == null || email.equals(r.json().get("data").path("email").asText())).toList();
        assertThat(matching).as(type + " for " + email).hasSize(1);
        return new ObjectMapper().convertValue(matching.get(0).json().get("data"), Map.class);
    }

    private static JsonNode openApi() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "openapi.yaml").toFile());
    }
}
