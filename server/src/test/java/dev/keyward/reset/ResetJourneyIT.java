package dev.keyward.reset;

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

import java.util.List;
import java.util.Map;

import static dev.keyward.support.Users.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole password-reset journey (register, verify, reset, log in), through the real server, database and SMTP. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ResetJourneyIT {
    @Parameter
    String db;
    Api api;

    @BeforeEach
    void server() {
        api = TestServer.shared(db).api;
    }

    @Test
    void registerVerifyLoginResetAndLogInWithTheNewPasswordOnly() {
        String project = Fixtures.project(api, true).id();
        String email = Fixtures.uniqueEmail("journey");

        Resp registered = Users.register(api, project, email, PASSWORD);
        assertThat(registered.json().get("requireVerification").asBoolean()).isTrue();
        assertThat(registered.json().has("token")).isFalse();
        assertThat(registered.json().get("user").get("emailVerified").asBoolean()).isFalse();
        assertThat(registered.json().get("user").fieldNames()).toIterable()
                .containsExactly("id", "email", "firstName", "lastName", "emailVerified", "customRole");
        assertThat(registered.json().fieldNames()).toIterable().containsExactly("message", "requireVerification", "user");
        Resp early = Users.login(api, project, email, PASSWORD);
        assertThat(early.status()).isEqualTo(403);
        assertThat(early.code()).isEqualTo("EMAIL_VERIFICATION_REQUIRED");
        assertThat(early.field("error")).isEqualTo("Email verification required");
        assertThat(early.field("message")).isNotBlank();

        String token = Mailbox.verificationToken(email);
        assertThat(api.post("/api/auth/verify-email", Map.of("token", token, "projectId", project)).field("message"))
                .isEqualTo("Email verified successfully");
        Resp reused = api.post("/api/auth/verify-email", Map.of("token", token));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.code()).isEqualTo("INVALID_TOKEN");

        Resp login = Users.login(api, project, email, PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.field("message")).isEqualTo("Login successful");
        assertThat(login.json().get("expiresIn").asInt()).isEqualTo(1800);
        assertThat(login.json().get("user").get("emailVerified").asBoolean()).isTrue();
        assertThat(login.json().fieldNames()).toIterable()
                .containsExactly("message", "token", "refreshToken", "expiresIn", "user");
        assertThat(login.json().get("user").fieldNames()).toIterable()
                .containsExactly("id", "email", "firstName", "lastName", "role", "emailVerified", "twoFactorEnabled");
        String access = login.field("token");
        String refresh = login.field("refreshToken");
        assertThat(api.get("/api/auth/local/session?projectId=" + project, "Authorization", "Bearer " + access)
                .json().get("authenticated").asBoolean()).isTrue();

        Resp known = Users.requestReset(api, project, email);
        Resp unknown = Users.requestReset(api, project, Fixtures.uniqueEmail("nobody"));
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.body()).isEqualTo(unknown.body())
                .isEqualTo("{\"message\":\"If an account exists, a verification code has been sent to your email\"}");

        String code = Mailbox.latestCode(email, 1);
        String newPassword = "a brand new passphrase";
        Resp confirmed = Users.confirm(api, project, email, code, newPassword);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.body()).isEqualTo("{\"message\":\"Password reset successful\"}");

        assertThat(Users.login(api, project, email, newPassword).status()).isEqualTo(200);
        Resp old = Users.login(api, project, email, PASSWORD);
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.code()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(old.field("error")).isEqualTo("Invalid email or password");
        assertThat(api.get("/api/auth/local/session?projectId=" + project, "Authorization", "Bearer " + access).status())
                .isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", refresh)).status()).isEqualTo(401);
        assertThat(Users.confirm(api, project, email, code, "yet another passphrase").code()).isEqualTo("INVALID_OTP");

        List<Mailbox.Mail> changed = Mailbox.await(email, "Your password was changed", 1);
        sleepQuietly(300);
        assertThat(Mailbox.to(email, "Your password was changed")).hasSize(1);
        assertThat(changed.get(0).html()).isNotBlank();
        assertThat(Mailbox.to(email)).allSatisfy(m -> {
            assertThat(m.text()).isNotBlank();
            assertThat(m.html()).isNotBlank();
        });
    }

    @Test
    void resetOfAnUnverifiedAccountMarksTheEmailVerified() {
        String project = Fixtures.project(api, true).id();
        String email = Fixtures.uniqueEmail("unverified");
        Users.register(api, project, email, PASSWORD);
        assertThat(Users.requestReset(api, project, email).status()).isEqualTo(200);
        String code = Mailbox.latestCode(email, 1);
        assertThat(Users.confirm(api, project, email, code, "fresh passphrase here").status()).isEqualTo(200);
        Resp login = Users.login(api, project, email, "fresh passphrase here");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("user").get("emailVerified").asBoolean()).isTrue();
    }

    @Test
    void threeStepFlowExchangesTheCodeForASingleUseResetToken() {
        String project = Fixtures.project(api, true).id();
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        Resp verified = api.post("/api/auth/local/password-reset/verify", Map.of("email", email, "projectId", project, "otp", code));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.field("message")).isEqualTo("OTP verified");
        assertThat(verified.json().get("expiresIn").asInt()).isEqualTo(600);
        String resetToken = verified.field("resetToken");
        assertThat(Users.confirm(api, project, email, code, "another good passphrase").code()).isEqualTo("INVALID_OTP");

        Map<String, String> withToken = Map.of("email", email, "projectId", project, "resetToken", resetToken,
                "newPassword", "another good passphrase");
        assertThat(api.post("/api/auth/local/password-reset/confirm", withToken).status()).isEqualTo(200);
        assertThat(api.post("/api/auth/local/password-reset/confirm", withToken).code()).isEqualTo("INVALID_OTP");
        assertThat(Users.login(api, project, email, "another good passphrase").status()).isEqualTo(200);
    }

    @Test
    void projectsWithoutVerificationIssueTokensAtRegister() {
        String project = Fixtures.project(api, false).id();
        String email = Fixtures.uniqueEmail("noverify");
        Resp r = Users.register(api, project, email, PASSWORD);
        assertThat(r.json().get("requireVerification").asBoolean()).isFalse();
        assertThat(r.field("token")).isNotBlank();
        assertThat(r.json().get("expiresIn").asInt()).isEqualTo(1800);
        assertThat(Users.login(api, project, email, PASSWORD).status()).isEqualTo(200);
        assertThat(api.post("/api/auth/local/register", Map.of("email", email.toUpperCase(), "password", PASSWORD,
                "projectId", project)).code()).isEqualTo("CONFLICT");
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
