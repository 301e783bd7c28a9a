package dev.keyward.admin;

import dev.keyward.http.ApiException;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Requests;
import dev.keyward.otp.Alphabet;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.mail.EmailAddress;
import dev.keyward.project.CompatProfiles;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** /api/admin/projects: tenants, their settings, OTP policy and admin keys. */
public final class ProjectController {
    private final ProjectService projects;
    private final AdminAuth auth;

    public ProjectController(ProjectService projects, AdminAuth auth) {
        this.projects = projects;
        this.auth = auth;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/api/admin/projects", this::create);
        config.routes.get("/api/admin/projects", this::list);
        config.routes.get("/api/admin/projects/{projectId}", this::get);
        config.routes.patch("/api/admin/projects/{projectId}", this::patch);
        config.routes.get("/api/admin/projects/{projectId}/otp-policy", this::getPolicy);
        config.routes.put("/api/admin/projects/{projectId}/otp-policy", this::putPolicy);
        config.routes.post("/api/admin/projects/{projectId}/admin-key", this::rotateKey);
    }

    private void create(Context ctx) {
        String actor = auth.requireOperator(ctx);
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        String name = body.text("name", Project.MAX_NAME_LENGTH);
        boolean requireVerification = body.optionalBoolean("requireEmailVerification").orElse(true);
        body.check();
        ProjectService.Created created = projects.create(name, requireVerification, Requests.meta(ctx, actor));
        ctx.status(201).json(Views.ProjectView.of(created.project(), created.adminKey()));
    }

    private void list(Context ctx) {
        auth.requireOperator(ctx);
        ctx.json(new Views.ProjectList(projects.list().stream().map(p -> Views.ProjectView.of(p, null)).toList()));
    }

    private void get(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        ctx.json(Views.ProjectView.of(projects.get(a.id()), null));
    }

    private void patch(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        UnaryOperator<Project> change = ProjectSettingsPatch.parse(JsonBody.parse(ctx.bodyInputStream()));
        ctx.json(Views.ProjectView.of(projects.updateSettings(a.id(), change, Requests.meta(ctx, a.actor())), null));
    }

    private void getPolicy(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        ctx.json(Views.PolicyView.of(projects.get(a.id()).otpPolicy()));
    }

    private void putPolicy(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        Integer length = body.integer("length");
        String alphabetName = body.string("alphabet");
        Optional<Alphabet> alphabet = Optional.ofNullable(alphabetName).flatMap(Alphabet::fromWire);
        if (alphabetName != null && alphabet.isEmpty()) {
            body.reject("alphabet", "must be numeric or alphanumeric");
        }
        Integer ttl = body.integer("ttlSeconds");
        Integer attempts = body.integer("maxAttempts");
        Integer cooldown = body.integer("resendCooldownSeconds");
        Integer sends = body.integer("maxSendsPerHour");
        Integer failures = body.integer("maxFailuresPerDay");
        if (length != null && ttl != null && attempts != null && cooldown != null && sends != null && failures != null) {
            // Report every out-of-range field at once, even next to a bad alphabet.
            OtpPolicy candidate = new OtpPolicy(length, alphabet.orElse(Alphabet.NUMERIC), ttl, attempts, cooldown, sends,
                    failures);
            // A too-weak combination is the service's to refuse, once the fields themselves are valid.
            candidate.problems().outOfRange().forEach(body::reject);
        }
        body.check();
        OtpPolicy policy = new OtpPolicy(length, alphabet.get(), ttl, attempts, cooldown, sends, failures);
        ctx.json(Views.PolicyView.of(projects.updateOtpPolicy(a.id(), policy, Requests.meta(ctx, a.actor()))));
    }

    private void rotateKey(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        ctx.json(new Views.AdminKeyView(projects.rotateAdminKey(a.id(), Requests.meta(ctx, a.actor()))));
    }
}
