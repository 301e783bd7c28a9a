package dev.keyward.compat;

import dev.keyward.http.JsonBody;
import dev.keyward.http.Requests;
import dev.keyward.mail.EmailAddress;
import dev.keyward.project.Project;
import dev.keyward.reset.ResetSecret;
import dev.keyward.reset.ResetService;
import io.javalin.http.Handler;

/**
 * Both profiles' forgot-password: the Mudbase reset request (same limits, same work and answer
 * for every address) with the profile's secret, answered with the profile's fixed body.
 */
final class ForgotPassword {
    private ForgotPassword() {
    }

    static Handler handler(CompatProjects projects, ResetService resets, Profile profile, ResetSecret secret,
                           Object answer) {
        return ctx -> {
            JsonBody body = JsonBody.parse(ctx.bodyInputStream());
            EmailAddress email = body.email("email");
            body.check();
            Project project = projects.resolve(ctx, profile);
            resets.request(project, email, secret, Requests.meta(ctx));
            ctx.json(answer);
        };
    }
}
