package dev.keyward.verify;

import dev.keyward.http.HttpPipeline;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.mail.EmailAddress;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectResolver;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Optional;

/** verify-email, resend-verification and the small page that verification links open. */
public final class VerifyController {
    private final VerifyService verify;
    private final ProjectResolver resolver;

    public VerifyController(VerifyService verify, ProjectResolver resolver) {
        this.verify = verify;
        this.resolver = resolver;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/api/auth/verify-email", this::verifyEmail);
        config.routes.post("/api/auth/resend-verification", this::resend);
        config.routes.get("/verify-email", this::page);
    }

    private void verifyEmail(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        String token = body.string("token");
        Optional<String> projectId = body.optionalString("projectId");
        body.check();
        Optional<ProjectId> pid = projectId.map(ProjectId::parse);
        pid.ifPresent(p -> Requests.project(ctx, resolver, p.value()));
        verify.verify(token, pid, Requests.meta(ctx));
        ctx.json(new Message("Email verified successfully"));
    }

    private void resend(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        String projectId = body.string("projectId");
        body.check();
        Project project = Requests.project(ctx, resolver, projectId);
        verify.resend(project, email, Requests.meta(ctx));
        ctx.json(new Message("If an account exists and is unverified, a verification email has been sent"));
    }

    /**
     * Opening a link only shows a button; the POST happens on a click, so mail scanners that
     * prefetch links cannot verify an address on the user's behalf.
     */
    private void page(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'");
        ctx.contentType("text/html; charset=utf-8").result("""
                <!doctype html><html><head><meta charset="utf-8"><title>Verify your email</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body style="font-family:sans-serif;max-width:480px;margin:3em auto">
                <h2>Verify your email</h2><p id="msg">Press the button to confirm your email address.</p>
                <button id="go" style="font-size:1.1em;padding:.5em 1em">Verify my email</button>
                <script>
                const q = new URLSearchParams(location.search);
                document.getElementById('go').onclick = async () => {
                  const body = {token: q.get('token') || ''};
                  if (q.get('projectId')) body.projectId = q.get('projectId');
                  const r = await fetch('/api/auth/verify-email', {method: 'POST',
                    headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
                  const j = await r.json();
                  document.getElementById('msg').textContent = r.ok ? j.message : (j.error || 'Verification failed');
                  document.getElementById('go').remove();
                };
                </script></body></html>""");
    }
}
