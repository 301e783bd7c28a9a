package dev.keyward.project;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.keyward.support.Fixtures.key;
import static dev.keyward.support.Fixtures.operator;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ProjectsIT {
    @Parameter
    String db;
    Api api;

    @BeforeEach
    void server() {
        api = TestServer.shared(db).api;
    }

    @Test
    void operatorCreatesAProjectWithDefaultsAndAnAdminKeyShownOnce() {
        Resp created = api.post("/api/admin/projects", Map.of("name", "Shop"), operator());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.field("id")).matches("[0-9a-f]{24}");
        assertThat(created.field("adminKey")).startsWith("kwk_");
        assertThat(created.json().get("requireEmailVerification").asBoolean()).isTrue();
        assertThat(created.json().get("passwordMinLength").asInt()).isEqualTo(8);
        var policy = created.json().get("otpPolicy");
        assertThat(policy.get("length").asInt()).isEqualTo(6);
        assertThat(policy.get("alphabet").asText()).isEqualTo("numeric");
        assertThat(policy.get("ttlSeconds").asInt()).isEqualTo(600);
        assertThat(policy.get("maxAttempts").asInt()).isEqualTo(5);
        assertThat(policy.get("resendCooldownSeconds").asInt()).isEqualTo(60);
        assertThat(policy.get("maxSendsPerHour").asInt()).isEqualTo(5);
        assertThat(policy.get("maxFailuresPerDay").asInt()).isEqualTo(10);

        Resp read = api.get("/api/admin/projects/" + created.field("id"), operator());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.field("name")).isEqualTo("Shop");
        assertThat(read.json().has("adminKey")).isFalse();

        Resp list = api.get("/api/admin/projects", operator());
        assertThat(list.json().get("projects").findValuesAsText("id")).contains(created.field("id"));
    }

    @Test
    void aProjectsAdminKeyReadsAndPatchesItsOwnProjectOnly() {
        var a = Fixtures.project(api, true);
        var b = Fixtures.project(api, true);
        assertThat(api.get("/api/admin/projects/" + a.id(), key(a.adminKey())).status()).isEqualTo(200);
        Resp patched = api.patch("/api/admin/projects/" + a.id(),
                Map.of("name", "Renamed", "requireEmailVerification", false, "passwordMinLength", 12), key(a.adminKey()));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.field("name")).isEqualTo("Renamed");
        assertThat(patched.json().get("passwordMinLength").asInt()).isEqualTo(12);

        Resp foreign = api.get("/api/admin/projects/" + b.id(), key(a.adminKey()));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.code()).isEqualTo("FORBIDDEN");
        assertThat(foreign.body()).doesNotContain(b.id().substring(0, 0) + "Test");
        assertThat(api.patch("/api/admin/projects/" + b.id(), Map.of("name", "x"), key(a.adminKey())).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/projects", key(a.adminKey())).status()).isEqualTo(403);
        assertThat(api.post("/api/admin/projects", Map.of("name", "x"), key(a.adminKey())).status()).isEqualTo(403);
    }

    @Test
    void missingOrWrongCredentialsAre401() {
        var a = Fixtures.project(api, true);
        assertThat(api.get("/api/admin/projects").status()).isEqualTo(401);
        assertThat(api.get("/api/admin/projects", "Authorization", "Bearer nope").code()).isEqualTo("UNAUTHORIZED");
        assertThat(api.get("/api/admin/projects/" + a.id(), key("kwk_wrong")).status()).isEqualTo(401);
    }

    @Test
    void malformedProjectIdIs400AndUnknownIs404() {
        Resp bad = api.get("/api/admin/projects/XYZ", operator());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("INVALID_PROJECT_ID");
        assertThat(bad.field("error")).isEqualTo("Invalid project ID format");
        Resp missing = api.get("/api/admin/projects/0123456789abcdef01234567", operator());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("PROJECT_NOT_FOUND");
        assertThat(missing.field("error")).isEqualTo("Project not found");
    }

    @Test
    void patchValidatesEveryFieldAtOnce() {
        var a = Fixtures.project(api, true);
        Resp r = api.patch("/api/admin/projects/" + a.id(),
                Map.of("passwordMinLength", 3, "requireEmailVerification", "yes", "verifyUrl", "javascript:alert(1)",
                        "mailFromAddress", "not an address"), operator());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().get("details").fieldNames()).toIterable()
                .contains("passwordMinLength", "requireEmailVerification", "verifyUrl", "mailFromAddress");
    }

    @Test
    void rotatingTheAdminKeyStopsTheOldOneAtOnce() {
        var a = Fixtures.project(api, true);
        Resp rotated = api.post("/api/admin/projects/" + a.id() + "/admin-key", null, key(a.adminKey()));
        assertThat(rotated.status()).isEqualTo(200);
        String newKey = rotated.field("adminKey");
        assertThat(newKey).isNotEqualTo(a.adminKey());
        assertThat(api.get("/api/admin/projects/" + a.id(), key(a.adminKey())).status()).isEqualTo(401);
        assertThat(api.get("/api/admin/projects/" + a.id(), key(newKey)).status()).isEqualTo(200);
    }
}
