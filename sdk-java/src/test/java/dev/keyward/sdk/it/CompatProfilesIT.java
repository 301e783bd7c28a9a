package dev.keyward.sdk.it;

import dev.keyward.sdk.KeywardApiException;
import dev.keyward.sdk.KeywardClient;
import dev.keyward.sdk.model.CargoConfirmOtpResetRequest;
import dev.keyward.sdk.model.CargoForgotPasswordRequest;
import dev.keyward.sdk.model.CargoPasswordResetRequest;
import dev.keyward.sdk.model.CompatProfilesUpdate;
import dev.keyward.sdk.model.CreateProjectRequest;
import dev.keyward.sdk.model.LoginRequest;
import dev.keyward.sdk.model.Project;
import dev.keyward.sdk.model.RegisterRequest;
import dev.keyward.sdk.model.StrapiForgotPasswordRequest;
import dev.keyward.sdk.model.StrapiResetPasswordRequest;
import dev.keyward.sdk.model.StrapiResetPasswordResponse;
import dev.keyward.sdk.model.UpdateProjectRequest;
import dev.keyward.sdk.model.VerifyEmailRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The compat profiles through the SDK's compat() client, against a live server. */
class CompatProfilesIT {
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

    private static String verifiedUser(String projectId) {
        String email = "compat-" + UUID.randomUUID() + "@example.com";
        keyward.auth().register(new RegisterRequest(email, "correct horse battery", "Ada", "Lovelace", projectId));
        String token = Inbox.tokenIn(inbox.await(email, "Verify your email", 1));
        keyward.auth().verifyEmail(new VerifyEmailRequest(token, projectId));
        return email;
    }

    private static String projectWithProfiles() {
        String id = operator.admin().createProject(new CreateProjectRequest("SDK compat", null)).id();
        Project updated = operator.admin().updateProject(id, new UpdateProjectRequest(null, null, null, null, null, null, null,
                new CompatProfilesUpdate(true, true), null, null, null));
        assertThat(updated.compat().cargoExtra()).isTrue();
        assertThat(updated.compat().strapi()).isTrue();
        return id;
    }

    @Test
    void cargoExtrasThreeStepsThroughTheSdk() {
        String projectId = projectWithProfiles();
        String email = verifiedUser(projectId);
        var compat = keyward.compat();
        assertThat(compat.cargoForgotPassword(null, projectId, new CargoForgotPasswordRequest(email)).message())
                .isEqualTo("OTP email queued successfully");
        String token = Inbox.codeIn(inbox.await(email, RESET_SUBJECT, 1));
        assertThat(compat.cargoConfirmOtpReset(projectId, null, new CargoConfirmOtpResetRequest(token)).email()).isEqualTo(email);
        assertThat(compat.cargoPasswordReset(null, projectId, new CargoPasswordResetRequest(email, "staple gun lighthouse"))
                .message()).isEqualTo("Password reset successful");
        assertThat(keyward.auth().login(new LoginRequest(email, "staple gun lighthouse", projectId)).token()).isNotBlank();
        KeywardApiException again = catchThrowableOfType(KeywardApiException.class, () ->
                compat.cargoPasswordReset(null, projectId, new CargoPasswordResetRequest(email, "another passphrase")));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.serverMessage()).isEqualTo("Invalid Request");
    }

    @Test
    void strapisCodeResetThroughTheSdk() {
        String projectId = projectWithProfiles();
        String email = verifiedUser(projectId);
        var compat = keyward.compat();
        assertThat(compat.strapiForgotPassword(null, projectId, new StrapiForgotPasswordRequest(email)).ok()).isTrue();
        String code = Inbox.codeIn(inbox.await(email, RESET_SUBJECT, 1));
        StrapiResetPasswordResponse reset = compat.strapiResetPassword(null, projectId,
                new StrapiResetPasswordRequest(code, "staple gun lighthouse", "staple gun lighthouse"));
        assertThat(reset.user().email()).isEqualTo(email);
        assertThat(reset.jwt()).isNotBlank();
        KeywardApiException used = catchThrowableOfType(KeywardApiException.class, () -> compat.strapiResetPassword(null,
                projectId, new StrapiResetPasswordRequest(code, "staple gun lighthouse", "staple gun lighthouse")));
        assertThat(used.serverMessage()).isEqualTo("Incorrect code provided");
    }
}
