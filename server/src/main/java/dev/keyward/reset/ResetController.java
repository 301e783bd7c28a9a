package dev.keyward.reset;

import dev.keyward.http.ApiException;
import dev.keyward.http.HttpPipeline;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.mail.EmailAddress;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectResolver;
import dev.keyward.user.PasswordPolicy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** The password-reset endpoints and the public OTP policy. */
public final class ResetController {
    static final String REQUESTED = "If an account exists, a verification code has been sent to your email";
    private static final int MAX_SECRET_LENGTH = 128;

    private final ResetService resets;
    private final ProjectResolver resolver;

    public ResetController(ResetService resets, ProjectResolver resolver) {
        this.resets = resets;
        this.resolver = resolver;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/api/auth/local/password-reset", this::request);
        config.routes.post("/api/auth/local/password-reset/confirm", this::confirm);
        config.routes.post("/api/auth/local/password-reset/verify", this::verify);
        config.routes.get("/api/auth/local/otp-policy", this::policy);
    }

    private void request(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        String projectId = body.string("projectId");
        body.check();
        Project project = Requests.project(ctx, resolver, projectId);
        resets.request(project, email, ResetSecret.OTP, Requests.meta(ctx));
        ctx.json(new Message(REQUESTED));
    }

    private static String secret(JsonBody body, String field) {
        String v = body.optionalString(field).orElse(null);
        if (v != null && v.length() > MAX_SECRET_LENGTH) {
            body.reject(field, "must be at most " + MAX_SECRET_LENGTH + " characters");
        }
        return v;
    }

    private void confirm(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        String projectId = body.string("projectId");
        String otp = secret(body, "otp");
        String resetToken = secret(body, "resetToken");
        String newPassword = body.string("newPassword");
        if (otp == null && resetToken == null && !body.hasError("otp") && !body.hasError("resetToken")) {
            body.reject("otp", "otp or resetToken is required");
        }
        if (otp != null && resetToken != null) {
            body.reject("resetToken", "give either otp or resetToken, not both");
        }
        if (newPassword != null) {
            PasswordPolicy.tooLong(newPassword).ifPresent(reason -> body.reject("newPassword", reason));
        }
        body.check();
        resets.admit();
        Project project = Requests.project(ctx, resolver, projectId);
        resets.confirm(project, email, otp, resetToken, newPassword, Requests.meta(ctx));
        ctx.json(new Message("Password reset successful"));
    }

    record Verified(String message, String resetToken, int expiresIn) { }

    private void verify(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        String projectId = body.string("projectId");
        String otp = secret(body, "otp");
        if (otp == null) {
            body.reject("otp", "is required");
        }
        body.check();
        Project project = Requests.project(ctx, resolver, projectId);
        ResetService.ResetToken t = resets.verify(project, email, otp, Requests.meta(ctx));
        ctx.json(new Verified("OTP verified", t.resetToken(), t.expiresIn()));
    }

    record PublicPolicy(int length, String alphabet, int ttlSeconds, int maxAttempts, int resendCooldownSeconds) { }

    private void policy(Context ctx) {
        OtpPolicy p = Requests.project(ctx, resolver, Requests.requiredQuery(ctx, "projectId")).otpPolicy();
        ctx.json(new PublicPolicy(p.length(), p.alphabet().wireName(), p.ttlSeconds(), p.maxAttempts(),
                p.resendCooldownSeconds()));
    }
}
