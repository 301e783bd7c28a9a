package dev.keyward.compat;

import dev.keyward.http.HttpPipeline;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.mail.EmailAddress;
import dev.keyward.project.Project;
import dev.keyward.reset.ResetSecret;
import dev.keyward.reset.ResetService;
import dev.keyward.reset.TokenResets;
import dev.keyward.user.PasswordPolicy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * Cargo Extra's three-step reset (forgot-password, confirm-otp-reset, password-reset) on Keyward's
 * users, codes and limits. Step 3 carries only the address, so it is honoured only for the
 * account, client IP and 10 minutes that step 2 confirmed, once.
 */
public final class CargoController {
    private static final Profile PROFILE = Profile.CARGO_EXTRA;

    private final CompatProjects projects;
    private final ResetService resets;
    private final TokenResets tokens;

    public CargoController(CompatProjects projects, ResetService resets, TokenResets tokens) {
        this.projects = projects;
        this.resets = resets;
        this.tokens = tokens;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/api/v1/user/forgot-password", ForgotPassword.handler(projects, resets, PROFILE,
                ResetSecret.CARGO_TOKEN, new Message("OTP email queued successfully")));
        config.routes.post("/api/v1/user/confirm-otp-reset", this::confirmOtpReset);
        config.routes.post("/api/v1/user/password-reset", this::passwordReset);
    }

    record Confirmed(String message, String email) { }

    private void confirmOtpReset(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        String token = body.secret("resetToken");
        body.check();
        Project project = projects.resolve(ctx, PROFILE);
        String email = tokens.confirmCargoToken(project, token, HttpPipeline.clientIp(ctx), Requests.meta(ctx))
                .orElseThrow(() -> Profile.error(400, "Invalid OTP"));
        ctx.json(new Confirmed("OTP confirmed successfully", email));
    }

    private void passwordReset(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        String password = body.string("password");
        body.check();
        PasswordPolicy.tooLong(password).ifPresent(reason -> {
            throw Profile.error(400, "Password " + reason);
        });
        resets.admit();
        Project project = projects.resolve(ctx, PROFILE);
        TokenResets.Outcome outcome = tokens.completeCargoReset(project, email, password, HttpPipeline.clientIp(ctx),
                Requests.meta(ctx));
        switch (outcome.kind()) {
            case REFUSED -> throw Profile.error(400, "Invalid Request");
            case WEAK_PASSWORD -> throw Profile.error(400, "Password " + outcome.weakness());
            case DONE -> ctx.json(new Message("Password reset successful"));
        }
    }
}
