package dev.keyward.admin;

import dev.keyward.http.ApiException;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.mail.BuiltinTemplates;
import dev.keyward.mail.MailKind;
import dev.keyward.mail.MailLocales;
import dev.keyward.mail.MailTemplate;
import dev.keyward.mail.TemplateService;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.List;

/** A project's own mail templates per kind and locale, and their preview. */
public final class TemplateController {
    /** Two 64 KiB bodies, a subject and JSON escaping (HTML quotes double in size). */
    public static final int MAX_BODY_BYTES = 320 * 1024;
    public static final String PATHS = "/api/admin/projects/[^/]+/templates/[^/]+/[^/]+(/preview)?";

    private final ProjectService projects;
    private final TemplateService templates;
    private final AdminAuth auth;

    public TemplateController(ProjectService projects, TemplateService templates, AdminAuth auth) {
        this.projects = projects;
        this.templates = templates;
        this.auth = auth;
    }

    public void routes(JavalinConfig config) {
        String one = "/api/admin/projects/{projectId}/templates/{kind}/{locale}";
        config.routes.get("/api/admin/projects/{projectId}/templates", this::list);
        config.routes.get(one, this::get);
        config.routes.put(one, this::put);
        config.routes.delete(one, this::delete);
        config.routes.post(one + "/preview", this::preview);
    }

    record TemplateList(List<TemplateService.Listed> templates, List<String> kinds, List<String> builtinLocales) { }

    private void list(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        ctx.json(new TemplateList(templates.list(a.id()),
                Arrays.stream(MailKind.values()).map(MailKind::wire).toList(), BuiltinTemplates.LOCALES));
    }

    private void get(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        ctx.json(templates.get(a.id(), kind(ctx), locale(ctx)));
    }

    private void put(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        MailKind kind = kind(ctx);
        String locale = locale(ctx);
        MailTemplate template = template(JsonBody.parse(ctx.bodyInputStream(), MAX_BODY_BYTES));
        ctx.json(templates.put(a.id(), kind, locale, template, Requests.meta(ctx, a.actor())));
    }

    private void delete(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        templates.delete(a.id(), kind(ctx), locale(ctx), Requests.meta(ctx, a.actor()));
        ctx.json(new Message("Template deleted; this locale uses the built-in wording again"));
    }

    /** The body is an optional draft; without one the template this locale would use is rendered. */
    private void preview(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        Project project = projects.get(a.id());
        MailKind kind = kind(ctx);
        String locale = locale(ctx);
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        MailTemplate draft = hasBody ? template(JsonBody.parse(ctx.bodyInputStream(), MAX_BODY_BYTES)) : null;
        ctx.json(templates.preview(project, kind, locale, draft));
    }

    private static MailTemplate template(JsonBody body) {
        String subject = body.string("subject");
        String text = body.multilineText("text");
        String html = body.multilineText("html");
        body.check();
        return new MailTemplate(subject, text, html);
    }

    private static MailKind kind(Context ctx) {
        String raw = ctx.pathParam("kind");
        return Arrays.stream(MailKind.values()).filter(k -> k.wire().equals(raw)).findFirst()
                .orElseThrow(() -> ApiException.validation("kind",
                        "must be reset_code, verify_email, password_changed or signup_attempt"));
    }

    private static String locale(Context ctx) {
        return MailLocales.canonical(ctx.pathParam("locale"))
                .orElseThrow(() -> ApiException.validation("locale", MailLocales.PROBLEM));
    }
}
