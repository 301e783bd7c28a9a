package dev.keyward.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyward.sdk.model.CargoConfirmOtpResetRequest;
import dev.keyward.sdk.model.CargoForgotPasswordRequest;
import dev.keyward.sdk.model.CargoPasswordResetRequest;
import dev.keyward.sdk.model.ConfirmPasswordResetRequest;
import dev.keyward.sdk.model.CreateProjectRequest;
import dev.keyward.sdk.model.CreateUserRequest;
import dev.keyward.sdk.model.CreateWebhookRequest;
import dev.keyward.sdk.model.LoginRequest;
import dev.keyward.sdk.model.MailTemplateUpdate;
import dev.keyward.sdk.model.OtpPolicy;
import dev.keyward.sdk.model.PasswordResetRequest;
import dev.keyward.sdk.model.ProjectSmtpUpdate;
import dev.keyward.sdk.model.RefreshRequest;
import dev.keyward.sdk.model.RegisterRequest;
import dev.keyward.sdk.model.ResendVerificationRequest;
import dev.keyward.sdk.model.SmtpTestRequest;
import dev.keyward.sdk.model.StrapiForgotPasswordRequest;
import dev.keyward.sdk.model.StrapiResetPasswordRequest;
import dev.keyward.sdk.model.UpdateProjectRequest;
import dev.keyward.sdk.model.UpdateWebhookRequest;
import dev.keyward.sdk.model.VerifyEmailRequest;
import dev.keyward.sdk.model.VerifyPasswordResetRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls every operation of {@code openapi.yaml} through its generated method. Deleting or
 * renaming an operation in the spec makes this file stop compiling; adding one makes the test
 * fail until a call is added here, so the SDK's coverage of the spec is always complete.
 */
class EveryOperationTest {
    private static final String P = "685ad30be129932fbb7a1047";

    @Test
    void everyOperationOfTheSpecIsAGeneratedMethodThatSendsItsMethodAndPath() throws IOException {
        Map<String, String> spec = requestLinesOf(Path.of("../openapi.yaml"));
        Map<String, String> sent = new LinkedHashMap<>();
        try (StubServer stub = new StubServer().otherwise(200, "{}");
             KeywardClient c = KeywardClient.builder().baseUrl(stub.url()).adminToken("operator").bearerToken("user").build()) {
            Recorder r = (id, call) -> {
                call.run();
                StubServer.Received last = stub.received.get(stub.received.size() - 1);
                sent.put(id, last.method() + " " + last.uri().replaceFirst("\\?.*", ""));
            };
            r.call("getLiveness", () -> c.ops().getLiveness());
            r.call("getReadiness", () -> c.ops().getReadiness());
            r.call("getMetrics", () -> c.ops().getMetrics());
            r.call("getOpenApi", () -> c.ops().getOpenApi());
            r.call("getVerifyEmailPage", () -> c.ops().getVerifyEmailPage("token", P));
            r.call("getDevMailbox", () -> c.ops().getDevMailbox());
            r.call("getConsole", () -> c.ops().getConsole());
            r.call("register", () -> c.auth().register(new RegisterRequest("a@example.com", "pw", "A", "B", P)));
            r.call("login", () -> c.auth().login(new LoginRequest("a@example.com", "pw", P)));
            r.call("refreshToken", () -> c.auth().refreshToken(new RefreshRequest("refresh")));
            r.call("logout", () -> c.auth().logout());
            r.call("getSession", () -> c.auth().getSession(P));
            r.call("requestPasswordReset", () -> c.auth().requestPasswordReset(new PasswordResetRequest("a@example.com", P)));
            r.call("confirmPasswordReset", () -> c.auth().confirmPasswordReset(new ConfirmPasswordResetRequest("a@example.com", P, "123456", "pw")));
            r.call("verifyPasswordResetOtp", () -> c.auth().verifyPasswordResetOtp(new VerifyPasswordResetRequest("a@example.com", P, "123456")));
            r.call("verifyEmail", () -> c.auth().verifyEmail(new VerifyEmailRequest("token", P)));
            r.call("resendVerification", () -> c.auth().resendVerification(new ResendVerificationRequest("a@example.com", P)));
            r.call("getPublicOtpPolicy", () -> c.auth().getPublicOtpPolicy(P));
            r.call("cargoForgotPassword", () -> c.compat().cargoForgotPassword(null, P, new CargoForgotPasswordRequest("a@example.com")));
            r.call("cargoConfirmOtpReset", () -> c.compat().cargoConfirmOtpReset(P, null, new CargoConfirmOtpResetRequest("7KQ2MXH9PRTA")));
            r.call("cargoPasswordReset", () -> c.compat().cargoPasswordReset(null, P, new CargoPasswordResetRequest("a@example.com", "pw")));
            r.call("strapiForgotPassword", () -> c.compat().strapiForgotPassword(null, P, new StrapiForgotPasswordRequest("a@example.com")));
            r.call("strapiResetPassword", () -> c.compat().strapiResetPassword(null, null, new StrapiResetPasswordRequest("CODE", "pw", "pw")));
            r.call("createProject", () -> c.admin().createProject(new CreateProjectRequest("App", null)));
            r.call("listProjects", () -> c.admin().listProjects());
            r.call("getProject", () -> c.admin().getProject(P));
            r.call("updateProject", () -> c.admin().updateProject(P, new UpdateProjectRequest("App", null, null, null, null, null, null, null, null, null, null)));
            r.call("getOtpPolicy", () -> c.admin().getOtpPolicy(P));
            r.call("updateOtpPolicy", () -> c.admin().updateOtpPolicy(P, new OtpPolicy(6, "numeric", 600, 5, 60, 5, 10)));
            r.call("rotateAdminKey", () -> c.admin().rotateAdminKey(P));
            r.call("createUser", () -> c.admin().createUser(P, new CreateUserRequest("a@example.com", "pw", null, null, null, null, null)));
            r.call("findUserByEmail", () -> c.admin().findUserByEmail(P, "a@example.com"));
            r.call("deleteUser", () -> c.admin().deleteUser(P, "0123456789abcdef01234567"));
            r.call("listEvents", () -> c.admin().listEvents(P, "reset.completed", 10, null));
            String w = "6f1c2a9e0b3d4e5f60718293";
            r.call("createWebhook", () -> c.admin().createWebhook(P, new CreateWebhookRequest("https://hooks.example.com/k", List.of("user.created"))));
            r.call("listWebhooks", () -> c.admin().listWebhooks(P));
            r.call("getWebhook", () -> c.admin().getWebhook(P, w));
            r.call("updateWebhook", () -> c.admin().updateWebhook(P, w, new UpdateWebhookRequest(null, null, true)));
            r.call("deleteWebhook", () -> c.admin().deleteWebhook(P, w));
            r.call("rotateWebhookSecret", () -> c.admin().rotateWebhookSecret(P, w));
            r.call("listWebhookDeliveries", () -> c.admin().listWebhookDeliveries(P, w, 10, null));
            r.call("testWebhook", () -> c.admin().testWebhook(P, w));
            r.call("getDocs", () -> c.ops().getDocs());
            r.call("getProjectSmtp", () -> c.admin().getProjectSmtp(P));
            r.call("updateProjectSmtp", () -> c.admin().updateProjectSmtp(P,
                    new ProjectSmtpUpdate("smtp.example.com", 587, "starttls", "user", "pw", null, "no-reply@example.com")));
            r.call("deleteProjectSmtp", () -> c.admin().deleteProjectSmtp(P));
            r.call("testProjectSmtp", () -> c.admin().testProjectSmtp(P, new SmtpTestRequest("a@example.com")));
            r.call("listMailTemplates", () -> c.admin().listMailTemplates(P));
            r.call("getMailTemplate", () -> c.admin().getMailTemplate(P, "reset_code", "de"));
            r.call("updateMailTemplate", () -> c.admin().updateMailTemplate(P, "reset_code", "de",
                    new MailTemplateUpdate("Code", "{{code}}", "<p>{{code}}</p>")));
            r.call("deleteMailTemplate", () -> c.admin().deleteMailTemplate(P, "reset_code", "de"));
            r.call("previewMailTemplate", () -> c.admin().previewMailTemplate(P, "reset_code", "de", null));
            r.call("listDeadLetters", () -> c.admin().listDeadLetters(P, 10, null));
            r.call("retryDeadLetter", () -> c.admin().retryDeadLetter(P, 42L));
        }
        TreeSet<String> notCalled = new TreeSet<>(spec.keySet());
        notCalled.removeAll(sent.keySet());
        assertThat(notCalled).as("operations of openapi.yaml without a call in EveryOperationTest: add one each").isEmpty();
        sent.forEach((id, line) -> assertThat(line).as(id).matches(spec.get(id)));
    }

    private interface Recorder {
        void call(String operationId, Runnable call);
    }

    /** operationId to a pattern of its request line, e.g. {@code PUT /api/admin/projects/[^/]+/otp-policy}. */
    private static Map<String, String> requestLinesOf(Path specFile) throws IOException {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(specFile.toFile()).path("paths");
        Map<String, String> out = new LinkedHashMap<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (List.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(op.getKey())) {
                String pattern = java.util.regex.Pattern.quote(path.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
                out.put(op.getValue().path("operationId").asText(), op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + pattern);
            }
        }));
        return out;
    }
}
