package dev.keyward.admin;

import dev.keyward.support.Api;
import dev.keyward.support.Db;
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
import org.mindrot.jbcrypt.BCrypt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.keyward.support.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4: a tenant admin configures its own project through HTTP alone. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class TenantAdminIT {
    @Parameter
    String db;
    Api api;
    TestServer server;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(db);
        api = server.api;
    }

    private static Map<String, Object> policy(int length, String alphabet, int ttl, int attempts, int cooldown, int sends,
                                              int failures) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("length", length);
        p.put("alphabet", alphabet);
        p.put("ttlSeconds", ttl);
        p.put("maxAttempts", attempts);
        p.put("resendCooldownSeconds", cooldown);
        p.put("maxSendsPerHour", sends);
        p.put("maxFailuresPerDay", failures);
        return p;
    }

    @Test
    void aTenantAdminSwitchesToAlphanumericCodesUsesOneAndReadsTheAuditLog() {
        var project = Fixtures.project(api, true);
        String[] k = key(project.adminKey());
        Resp put = api.put("/api/admin/projects/" + project.id() + "/otp-policy", policy(8, "alphanumeric", 300, 5, 60, 5, 10), k);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("length").asInt()).isEqualTo(8);
        assertThat(api.get("/api/admin/projects/" + project.id() + "/otp-policy", k).body()).isEqualTo(put.body());
        Resp pub = api.get("/api/auth/local/otp-policy?projectId=" + project.id());
        assertThat(pub.json().get("alphabet").asText()).isEqualTo("alphanumeric");
        assertThat(pub.json().get("ttlSeconds").asInt()).isEqualTo(300);

        String email = Users.verified(api, project.id());
        assertThat(Users.login(api, project.id(), email, Users.PASSWORD).status()).isEqualTo(200);
        Users.requestReset(api, project.id(), email);
        String code = Mailbox.latestCode(email, 1);
        assertThat(code).matches("[2-9A-HJ-NP-Z]{8}");
        assertThat(Mailbox.to(email, "Your password reset code").get(0).text()).contains("valid for 5 minutes");
        assertThat(Users.confirm(api, project.id(), email, code, "brand new passphrase").status()).isEqualTo(200);

        Resp events = api.get("/api/admin/projects/" + project.id() + "/events", k);
        List<String> types = events.json().get("events").findValuesAsText("type");
        assertThat(types).contains("policy.changed", "reset.requested", "reset.completed", "login.succeeded",
                "email.verified", "user.registered");
        assertThat(events.body()).doesNotContain(code).doesNotContain(code.toLowerCase());
        var changed = api.get("/api/admin/projects/" + project.id() + "/events?type=policy.changed", k).json().get("events");
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).get("actor").asText()).isEqualTo("admin-key");
        assertThat(changed.get(0).get("detail").asText()).contains("length=8");
    }

    @Test
    void outOfRangeAndWeakPoliciesAreRefusedWithPerFieldReasons() {
        var project = Fixtures.project(api, true);
        String[] k = key(project.adminKey());
        Resp range = api.put("/api/admin/projects/" + project.id() + "/otp-policy", policy(5, "emoji", 30, 11, 10, 21, 0), k);
        assertThat(range.status()).isEqualTo(400);
        assertThat(range.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(range.json().get("details").fieldNames()).toIterable().containsExactlyInAnyOrder("length", "alphabet",
                "ttlSeconds", "maxAttempts", "resendCooldownSeconds", "maxSendsPerHour", "maxFailuresPerDay");
        Resp weak = api.put("/api/admin/projects/" + project.id() + "/otp-policy", policy(6, "numeric", 600, 10, 60, 20, 100), k);
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.field("error")).contains("too weak").contains("1e-5");
        assertThat(weak.json().get("details").get("maxFailuresPerDay").asText()).contains("too weak");
        assertThat(api.put("/api/admin/projects/" + project.id() + "/otp-policy", policy(6, "numeric", 600, 5, 60, 5, 10), k)
                .status()).as("the defaults sit exactly at the limit and are valid").isEqualTo(200);
        assertThat(api.get("/api/admin/projects/" + project.id() + "/otp-policy", k).json().get("maxFailuresPerDay").asInt())
                .isEqualTo(10);
        Resp missing = api.put("/api/admin/projects/" + project.id() + "/otp-policy", Map.of("length", 6), k);
        assertThat(missing.json().get("details").has("alphabet")).isTrue();
    }

    @Test
    void usersAreCreatedImportedFoundAndDeleted() {
        var project = Fixtures.project(api, true);
        String[] k = key(project.adminKey());
        String created = Fixtures.uniqueEmail("created");
        Resp c = api.post("/api/admin/projects/" + project.id() + "/users", Map.of("email", created,
                "password", "admin chosen password", "firstName", "Grace", "emailVerified", true), k);
        assertThat(c.status()).as(c.toString()).isEqualTo(201);
        assertThat(c.json().get("emailVerified").asBoolean()).isTrue();
        assertThat(Users.login(api, project.id(), created, "admin chosen password").status()).isEqualTo(200);

        String imported = Fixtures.uniqueEmail("imported");
        String legacy = "$2b$" + BCrypt.hashpw("legacy password 1", BCrypt.gensalt(4)).substring(4);
        Resp i = api.post("/api/admin/projects/" + project.id() + "/users", Map.of("email", imported,
                "passwordHash", legacy, "emailVerified", true), k);
        assertThat(i.status()).isEqualTo(201);
        assertThat(Users.login(api, project.id(), imported, "legacy password 1").status()).isEqualTo(200);
        String stored = (String) new Db(server).rows("SELECT password_hash FROM users WHERE id = ?", i.field("id"))
                .get(0).get("password_hash");
        assertThat(stored).as("upgraded at login").startsWith("$kw1$");
        assertThat(Users.login(api, project.id(), imported, "legacy password 1").status()).isEqualTo(200);
        assertThat(Users.login(api, project.id(), imported, "wrong").status()).isEqualTo(401);

        assertThat(api.post("/api/admin/projects/" + project.id() + "/users", Map.of("email", imported,
                "password", "another good one"), k).code()).isEqualTo("CONFLICT");
        Resp bad = api.post("/api/admin/projects/" + project.id() + "/users", Map.of("email", "x@example.com",
                "passwordHash", "md5:abc"), k);
        assertThat(bad.json().get("details").has("passwordHash")).isTrue();
        String tooSlow = "$2a$15$" + legacy.substring(7);
        assertThat(api.post("/api/admin/projects/" + project.id() + "/users", Map.of("email", "slow@example.com",
                "passwordHash", tooSlow), k).json().get("details").get("passwordHash").asText()).contains("04-14");

        Resp found = api.get("/api/admin/projects/" + project.id() + "/users?email=" + imported.toUpperCase(), k);
        assertThat(found.field("id")).isEqualTo(i.field("id"));
        assertThat(api.get("/api/admin/projects/" + project.id() + "/users?email=none@example.com", k).status()).isEqualTo(404);

        Resp login = Users.login(api, project.id(), created, "admin chosen password");
        assertThat(api.delete("/api/admin/projects/" + project.id() + "/users/" + c.field("id"), k).status()).isEqualTo(200);
        assertThat(Users.login(api, project.id(), created, "admin chosen password").status()).isEqualTo(401);
        assertThat(api.get("/api/auth/local/session?projectId=" + project.id(), "Authorization", "Bearer " + login.field("token"))
                .status()).isEqualTo(401);
        assertThat(api.delete("/api/admin/projects/" + project.id() + "/users/" + c.field("id"), k).status()).isEqualTo(404);
        var types = api.get("/api/admin/projects/" + project.id() + "/events?limit=200", k).json().get("events").findValuesAsText("type");
        assertThat(types).contains("user.created", "user.deleted");
    }

    @Test
    void mailSenderAndLinksComeFromProjectSettingsNeverFromRequestHeaders() {
        var project = Fixtures.project(api, true);
        String[] k = key(project.adminKey());
        Resp patched = api.patch("/api/admin/projects/" + project.id(), Map.of("mailFromName", "Shop Support",
                "mailFromAddress", "support@shop.example", "verifyUrl", "https://shop.example/verify",
                "resetUrl", "https://shop.example/reset"), k);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        String email = Fixtures.uniqueEmail("branded");
        api.send("POST", "/api/auth/local/register", "application/json", Api.json(Map.of("email", email,
                "password", Users.PASSWORD, "projectId", project.id())), "X-Forwarded-Host", "evil.example");
        Mailbox.Mail verify = Mailbox.await(email, "Verify your email", 1).get(0);
        assertThat(verify.from()).contains("support@shop.example").contains("Shop Support");
        assertThat(verify.text()).contains("https://shop.example/verify?token=").doesNotContain("evil.example");
        Users.requestReset(api, project.id(), email);
        Mailbox.Mail reset = Mailbox.await(email, "Your password reset code", 1).get(0);
        assertThat(reset.text()).contains("https://shop.example/reset?email=").doesNotContain("evil.example");
        Resp cleared = api.patch("/api/admin/projects/" + project.id(), java.util.Collections.singletonMap("resetUrl", null), k);
        assertThat(cleared.json().has("resetUrl")).isFalse();
        assertThat(cleared.field("verifyUrl")).isEqualTo("https://shop.example/verify");
    }

    @Test
    void eventsArePagedNewestFirst() {
        var project = Fixtures.project(api, true);
        String[] k = key(project.adminKey());
        for (int n = 0; n < 5; n++) {
            api.patch("/api/admin/projects/" + project.id(), Map.of("name", "Name " + n), k);
        }
        Resp page1 = api.get("/api/admin/projects/" + project.id() + "/events?limit=2", k);
        assertThat(page1.json().get("events")).hasSize(2);
        long next = page1.json().get("nextBefore").asLong();
        Resp page2 = api.get("/api/admin/projects/" + project.id() + "/events?limit=2&before=" + next, k);
        assertThat(page2.json().get("events").get(0).get("id").asLong()).isLessThan(next);
        assertThat(api.get("/api/admin/projects/" + project.id() + "/events?limit=0", k).code()).isEqualTo("VALIDATION_ERROR");
        assertThat(api.get("/api/admin/projects/" + project.id() + "/events?before=abc", k).code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void t2ProjectAsKeyGets403OnEveryProjectBAdminEndpointAndLearnsNothing() {
        var a = Fixtures.project(api, true);
        var b = Fixtures.project(api, true);
        String bUser = Users.verified(api, b.id());
        String userId = api.get("/api/admin/projects/" + b.id() + "/users?email=" + bUser, key(b.adminKey())).field("id");
        String base = "/api/admin/projects/" + b.id();
        String[] k = key(a.adminKey());
        List<Resp> answers = List.of(
                api.get(base, k),
                api.patch(base, Map.of("name", "pwned"), k),
                api.get(base + "/otp-policy", k),
                api.put(base + "/otp-policy", policy(6, "numeric", 600, 5, 60, 5, 10), k),
                api.post(base + "/admin-key", null, k),
                api.post(base + "/users", Map.of("email", "x@example.com", "password", "some good password"), k),
                api.get(base + "/users?email=" + bUser, k),
                api.delete(base + "/users/" + userId, k),
                api.get(base + "/events", k));
        for (Resp r : answers) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            // The error names only what the caller sent (the path), nothing stored in project B.
            assertThat(r.body()).doesNotContain(bUser).doesNotContain("Test ").doesNotContain("otpPolicy");
        }
        assertThat(api.get(base + "/users?email=" + bUser, key(b.adminKey())).status()).isEqualTo(200);
        assertThat(api.get(base, key(b.adminKey())).field("name")).doesNotContain("pwned");
    }
}
