package dev.keyward.session;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.keyward.support.Users.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class SessionIT {
    @Parameter
    String db;
    TestServer server;
    Api api;
    String project;
    String email;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(db);
        api = server.api;
        project = Fixtures.project(api, true).id();
        email = Users.verified(api, project);
    }

    @AfterEach
    void clock() {
        server.clock.reset();
    }

    @Test
    void tenWrongPasswordsThrottleAnAccountFor15MinutesAndUnknownAddressesAlike() {
        for (String who : List.of(email, Fixtures.uniqueEmail("ghost"))) {
            for (int i = 0; i < 10; i++) {
                assertThat(Users.login(api, project, who, "wrong guess " + i).code()).isEqualTo("INVALID_CREDENTIALS");
            }
            Resp throttled = Users.login(api, project, who, PASSWORD);
            assertThat(throttled.status()).as("the 11th attempt for " + who).isEqualTo(429);
            assertThat(throttled.code()).isEqualTo("RATE_LIMITED");
            assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(850, 900);
        }
        server.clock.advance(Duration.ofMinutes(14));
        assertThat(Users.login(api, project, email, PASSWORD).status()).isEqualTo(429);
        server.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(Users.login(api, project, email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginOrPasswordResetClearsTheFailedLogins() {
        for (int i = 0; i < 9; i++) {
            Users.login(api, project, email, "wrong guess " + i);
        }
        assertThat(Users.login(api, project, email, PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            Users.login(api, project, email, "wrong guess " + i);
        }
        assertThat(Users.login(api, project, email, PASSWORD).status()).as("nine failures were forgiven, ten are not")
                .isEqualTo(429);
        Users.requestReset(api, project, email);
        assertThat(Users.confirm(api, project, email, Mailbox.latestCode(email, 1), "brand new passphrase").status())
                .isEqualTo(200);
        assertThat(Users.login(api, project, email, "brand new passphrase").status()).isEqualTo(200);
    }

    private Resp session(String projectId, String token) {
        return api.get("/api/auth/local/session?projectId=" + projectId, "Authorization", "Bearer " + token);
    }

    @Test
    void refreshRotatesAndReusingARotatedTokenRevokesTheSession() {
        Resp login = Users.login(api, project, email, PASSWORD);
        Resp first = api.post("/api/auth/refresh", Map.of("refreshToken", login.field("refreshToken")));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.field("message")).isEqualTo("Token refreshed successfully");
        assertThat(first.field("refreshToken")).isNotEqualTo(login.field("refreshToken"));
        assertThat(session(project, first.field("token")).status()).isEqualTo(200);
        assertThat(session(project, login.field("token")).status()).as("the rotated access token ends too").isEqualTo(401);

        Resp replay = api.post("/api/auth/refresh", Map.of("refreshToken", login.field("refreshToken")));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.code()).isEqualTo("UNAUTHORIZED");
        assertThat(session(project, first.field("token")).status()).as("the whole session is revoked").isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", first.field("refreshToken"))).status()).isEqualTo(401);
    }

    @Test
    void logoutEndsTheSessionAndOtherSessionsLive() {
        Resp a = Users.login(api, project, email, PASSWORD);
        Resp b = Users.login(api, project, email, PASSWORD);
        Resp out = api.post("/api/auth/local/logout", null, "Authorization", "Bearer " + a.field("token"));
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.body()).isEqualTo("{\"message\":\"Logout successful\"}");
        assertThat(session(project, a.field("token")).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", a.field("refreshToken"))).status()).isEqualTo(401);
        Resp alive = session(project, b.field("token"));
        assertThat(alive.status()).isEqualTo(200);
        assertThat(alive.json().get("user").get("email").asText()).isEqualTo(email);
    }

    @Test
    void aTokenOfAnotherProjectIsRefusedAndAccessTokensExpire() {
        Resp login = Users.login(api, project, email, PASSWORD);
        String other = Fixtures.project(api, true).id();
        assertThat(session(other, login.field("token")).status()).isEqualTo(401);
        assertThat(api.get("/api/auth/local/session?projectId=" + project).status()).isEqualTo(401);
        assertThat(session(project, "garbage").status()).isEqualTo(401);
        assertThat(api.get("/api/auth/local/session", "Authorization", "Bearer " + login.field("token")).code())
                .isEqualTo("VALIDATION_ERROR");
        server.clock.advance(Duration.ofSeconds(1801));
        assertThat(session(project, login.field("token")).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", login.field("refreshToken"))).status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailLookTheSame() {
        Resp wrong = Users.login(api, project, email, "not the password");
        Resp unknown = Users.login(api, project, Fixtures.uniqueEmail("nobody"), "not the password");
        assertThat(wrong.status()).isEqualTo(unknown.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo(unknown.code()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(wrong.field("error")).isEqualTo(unknown.field("error"));
    }
}
