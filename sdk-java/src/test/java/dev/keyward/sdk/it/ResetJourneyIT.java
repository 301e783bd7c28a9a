package dev.keyward.sdk.it;

import dev.keyward.sdk.KeywardApiException;
import dev.keyward.sdk.KeywardClient;
import dev.keyward.sdk.model.ConfirmPasswordResetRequest;
import dev.keyward.sdk.model.CreateProjectRequest;
import dev.keyward.sdk.model.LoginRequest;
import dev.keyward.sdk.model.LoginResponse;
import dev.keyward.sdk.model.OtpPolicy;
import dev.keyward.sdk.model.PasswordResetRequest;
import dev.keyward.sdk.model.Project;
import dev.keyward.sdk.model.RegisterRequest;
import dev.keyward.sdk.model.RegisterResponse;
import dev.keyward.sdk.model.SessionResponse;
import dev.keyward.sdk.model.VerifyEmailRequest;
import dev.keyward.sdk.model.VerifyPasswordResetRequest;
import dev.keyward.sdk.model.VerifyPasswordResetResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The whole password-reset journey, through the SDK alone, against a live server. */
class ResetJourneyIT {
    private static final String OLD_PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "staple gun lighthouse";
    private static final String RESET_SUBJECT = "Your password reset code";

    private static LiveServer server;
    private static Inbox inbox;
    private static KeywardClient operator;
    private static KeywardClient keyward;

    @BeforeAll
    static void connect() {
        server = LiveServer.shared();
        inbox = new Inbox(server.mail);
        operator = KeywardClient.builder().baseUrl(server.baseUrl).adminToken(LiveServer.OPERATOR_TOKEN).build();
        keyward = KeywardClient.builder().baseUrl(server.baseUrl).build();
    }

    @AfterAll
    static void disconnect() {
        operator.close();
        keyward.close();
    }

    private static String newEmail() {
        return "sdk-" + UUID.randomUUID() + "@example.com";
    }

    /** Registers and verifies {@code email} through the link in the verification mail. */
    private static void registerVerified(String projectId, String email) {
        RegisterResponse registered = keyward.auth().register(new RegisterRequest(email, OLD_PASSWORD, "Ada", "Lovelace", projectId));
        assertThat(registered.requireVerification()).isTrue();
        assertThat(registered.token()).as("no session before verification").isNull();
        assertThat(registered.user().emailVerified()).isFalse();

        KeywardApiException unverified = catchThrowableOfType(KeywardApiException.class,
                () -> keyward.auth().login(new LoginRequest(email, OLD_PASSWORD, projectId)));
        assertThat(unverified.status()).isEqualTo(403);
        assertThat(unverified.code()).isEqualTo("EMAIL_VERIFICATION_REQUIRED");

        String token = Inbox.tokenIn(inbox.await(email, "Verify your email", 1));
        assertThat(keyward.auth().verifyEmail(new VerifyEmailRequest(token, projectId)).message())
                .isEqualTo("Email verified successfully");
    }

    @Test
    void aUserResetsAForgottenPasswordWithTheCodeFromTheEmail() {
        String projectId = operator.admin().createProject(new CreateProjectRequest("SDK reset journey", null)).id();
        String email = newEmail();
        registerVerified(projectId, email);

        LoginResponse before = keyward.auth().login(new LoginRequest(email, OLD_PASSWORD, projectId));
        assertThat(before.message()).isEqualTo("Login successful");
        KeywardClient signedIn = keyward.withBearerToken(before.token());
        SessionResponse session = signedIn.auth().getSession(projectId);
        assertThat(session.authenticated()).isTrue();
        assertThat(session.user().email()).isEqualTo(email);

        assertThat(keyward.auth().requestPasswordReset(new PasswordResetRequest(email, projectId)).message())
                .isEqualTo("If an account exists, a verification code has been sent to your email");
        String code = Inbox.codeIn(inbox.await(email, RESET_SUBJECT, 1));
        assertThat(code).matches("[0-9]{6}");

        KeywardApiException wrong = catchThrowableOfType(KeywardApiException.class, () -> keyward.auth()
                .confirmPasswordReset(new ConfirmPasswordResetRequest(email, projectId, otherCode(code), NEW_PASSWORD)));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.code()).isEqualTo("INVALID_OTP");
        assertThat(wrong.error()).isEqualTo("Invalid or expired OTP");

        KeywardApiException weak = catchThrowableOfType(KeywardApiException.class, () -> keyward.auth()
                .confirmPasswordReset(new ConfirmPasswordResetRequest(email, projectId, code, "short")));
        assertThat(weak.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(weak.details()).containsKey("newPassword");

        assertThat(keyward.auth().confirmPasswordReset(new ConfirmPasswordResetRequest(email, projectId, code, NEW_PASSWORD)).message())
                .isEqualTo("Password reset successful");
        inbox.await(email, "Your password was changed", 1);

        KeywardApiException revoked = catchThrowableOfType(KeywardApiException.class, () -> signedIn.auth().getSession(projectId));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.code()).isEqualTo("UNAUTHORIZED");

        KeywardApiException reused = catchThrowableOfType(KeywardApiException.class, () -> keyward.auth()
                .confirmPasswordReset(new ConfirmPasswordResetRequest(email, projectId, code, "another fine password")));
        assertThat(reused.code()).isEqualTo("INVALID_OTP");

        LoginResponse after = keyward.auth().login(new LoginRequest(email, NEW_PASSWORD, projectId));
        assertThat(after.token()).isNotBlank().isNotEqualTo(before.token());
        assertThat(after.user().emailVerified()).isTrue();
        KeywardApiException old = catchThrowableOfType(KeywardApiException.class,
                () -> keyward.auth().login(new LoginRequest(email, OLD_PASSWORD, projectId)));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.code()).isEqualTo("INVALID_CREDENTIALS");
    }

    @Test
    void theReadmeExampleResetsAPasswordWithAnAlphanumericPolicy() {
        Project project = operator.admin().createProject(new CreateProjectRequest("SDK readme", null));
        operator.admin().updateOtpPolicy(project.id(), new OtpPolicy(8, "alphanumeric", 300, 5, 60, 5, 10));
        String email = newEmail();
        registerVerified(project.id(), email);

        String token = ReadmeExample.resetPassword(server.baseUrl, project.id(), email, NEW_PASSWORD, policy -> {
            assertThat(policy.length()).isEqualTo(8);
            assertThat(policy.alphabet()).isEqualTo("alphanumeric");
            assertThat(policy.ttlSeconds()).isEqualTo(300);
            return Inbox.codeIn(inbox.await(email, RESET_SUBJECT, 1)).toLowerCase(java.util.Locale.ROOT);
        });
        try (KeywardClient user = KeywardClient.builder().baseUrl(server.baseUrl).bearerToken(token).build()) {
            assertThat(user.auth().getSession(project.id()).user().email()).isEqualTo(email);
        }
    }

    @Test
    void theThreeStepVariantTradesTheCodeForASingleUseResetToken() {
        String projectId = operator.admin().createProject(new CreateProjectRequest("SDK three steps", null)).id();
        String email = newEmail();
        registerVerified(projectId, email);

        keyward.auth().requestPasswordReset(new PasswordResetRequest(email, projectId));
        String code = Inbox.codeIn(inbox.await(email, RESET_SUBJECT, 1));
        VerifyPasswordResetResponse verified = keyward.auth().verifyPasswordResetOtp(new VerifyPasswordResetRequest(email, projectId, code));
        assertThat(verified.message()).isEqualTo("OTP verified");
        assertThat(verified.resetToken()).isNotBlank();

        keyward.auth().confirmPasswordReset(new ConfirmPasswordResetRequest(email, projectId, null, NEW_PASSWORD, verified.resetToken()));
        assertThat(keyward.auth().login(new LoginRequest(email, NEW_PASSWORD, projectId)).token()).isNotBlank();
    }

    @Test
    void aSecondRequestInsideTheCooldownIsRateLimitedWithRetryAfterForUnknownEmailsToo() {
        String projectId = operator.admin().createProject(new CreateProjectRequest("SDK cooldown", null)).id();
        String unknown = newEmail();
        // Retries are on, but a 60 s Retry-After is above the 1 s cap: the error comes back at once.
        try (KeywardClient impatient = KeywardClient.builder().baseUrl(server.baseUrl)
                .retryOn429And503(3).maxRetryDelay(Duration.ofSeconds(1)).build()) {
            impatient.auth().requestPasswordReset(new PasswordResetRequest(unknown, projectId));
            KeywardApiException limited = catchThrowableOfType(KeywardApiException.class,
                    () -> impatient.auth().requestPasswordReset(new PasswordResetRequest(unknown, projectId)));
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.code()).isEqualTo("RATE_LIMITED");
            assertThat(limited.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        }
        assertThat(inbox.to(unknown, RESET_SUBJECT)).as("no mail to an address without an account").isEmpty();
    }

    /** A code of the same shape that is certainly not {@code code}. */
    private static String otherCode(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == '0' ? '1' : '0');
    }
}
