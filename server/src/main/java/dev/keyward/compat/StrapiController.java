package dev.keyward.compat;

import dev.keyward.http.JsonBody;
import dev.keyward.http.Requests;
import dev.keyward.project.Project;
import dev.keyward.reset.ResetSecret;
import dev.keyward.reset.ResetService;
import dev.keyward.reset.TokenResets;
import dev.keyward.user.PasswordPolicy;
import dev.keyward.user.User;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Instant;

/**
 * Strapi's forgot-password and reset-password with a code. The code must be a JSON string: an
 * object such as {"$gt": 0} matched any pending code in Strapi (CVE-2019-18818); here it is 400.
 */
public final class StrapiController {
    private static final Profile PROFILE = Profile.STRAPI;

    private final CompatProjects projects;
    private final ResetService resets;
    private final TokenResets tokens;

    public StrapiController(CompatProjects projects, ResetService resets, TokenResets tokens) {
        this.projects = projects;
        this.resets = resets;
        this.tokens = tokens;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/auth/forgot-password", ForgotPassword.handler(projects, resets, PROFILE,
                ResetSecret.STRAPI_CODE, new Ok(true)));
        config.routes.post("/auth/reset-password", this::resetPassword);
    }

    record Ok(boolean ok) { }

    record StrapiUser(String id, String username, String email, String provider, boolean confirmed, boolean blocked,
                      String createdAt, String updatedAt) {
        static StrapiUser of(User u) {
            return new StrapiUser(u.id(), u.email(), u.email(), "local", u.emailVerified(), false,
                    Instant.ofEpochMilli(u.createdAt()).toString(), Instant.ofEpochMilli(u.updatedAt()).toString());
        }
    }

    record Reset(String jwt, StrapiUser user) { }

    private void resetPassword(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        String code = body.secret("code");
        String password = body.string("password");
        String confirmation = body.string("passwordConfirmation");
        body.check();
        if (!password.equals(confirmation)) {
            throw Profile.error(400, "Passwords do not match");
        }
        PasswordPolicy.tooLong(password).ifPresent(reason -> {
            throw Profile.error(400, "Password " + reason);
        });
        resets.admit();
        Project project = projects.resolve(ctx, PROFILE);
        TokenResets.Outcome outcome = tokens.resetWithStrapiCode(project, code, password, Requests.meta(ctx));
        switch (outcome.kind()) {
            case REFUSED -> throw Profile.error(400, "Incorrect code provided");
            case WEAK_PASSWORD -> throw Profile.error(400, "Password " + outcome.weakness());
            case DONE -> ctx.json(new Reset(outcome.tokens().token(), StrapiUser.of(outcome.user())));
        }
    }
}
