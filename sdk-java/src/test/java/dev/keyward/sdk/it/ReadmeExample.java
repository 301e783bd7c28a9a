package dev.keyward.sdk.it;

import dev.keyward.sdk.KeywardClient;
import dev.keyward.sdk.model.ConfirmPasswordResetRequest;
import dev.keyward.sdk.model.LoginRequest;
import dev.keyward.sdk.model.LoginResponse;
import dev.keyward.sdk.model.PasswordResetRequest;
import dev.keyward.sdk.model.PublicOtpPolicy;

import java.util.function.Function;

/**
 * The README's "Java SDK" example. The lines between the markers are copied into README.md
 * verbatim (ReadmeSnippetTest checks that), and ResetJourneyIT runs this method against a live
 * server, so the README can neither stop compiling nor stop working.
 */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static String resetPassword(String baseUrl, String projectId, String email, String newPassword,
                                Function<PublicOtpPolicy, String> askUserForCode) {
        // README:begin
        try (KeywardClient keyward = KeywardClient.builder()
                .baseUrl(baseUrl)                  // e.g. "http://localhost:9000"
                .retryOn429And503(2)               // waits out Retry-After, bounded
                .build()) {
            // 1. The user forgot their password. The answer is the same whether or not the account exists.
            keyward.auth().requestPasswordReset(new PasswordResetRequest(email, projectId));

            // 2. Size the code field from the project's policy instead of hard-coding "6 digits".
            PublicOtpPolicy policy = keyward.auth().getPublicOtpPolicy(projectId);
            String otp = askUserForCode.apply(policy);   // from the "Your password reset code" email

            // 3. Set the new password. Every session of the user is revoked; none is issued.
            //    Failures are a KeywardApiException: code() INVALID_OTP (wrong, expired or used code),
            //    VALIDATION_ERROR (details() says what is wrong with the password; the code stays valid),
            //    RATE_LIMITED (retryAfter() says how long to wait).
            keyward.auth().confirmPasswordReset(new ConfirmPasswordResetRequest(email, projectId, otp, newPassword));

            // 4. Log in with the new password.
            LoginResponse login = keyward.auth().login(new LoginRequest(email, newPassword, projectId));
            return login.token();
        }
        // README:end
    }
}
