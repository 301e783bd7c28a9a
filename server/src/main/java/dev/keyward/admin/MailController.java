package dev.keyward.admin;

import dev.keyward.config.SmtpSettings;
import dev.keyward.http.ApiException;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.mail.DeadLetters;
import dev.keyward.mail.EmailAddress;
import dev.keyward.mail.ProjectSmtpService;
import dev.keyward.mail.SmtpHosts;
import dev.keyward.mail.SmtpTester;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/** A project's own SMTP server (with a test send) and its dead letters. */
public final class MailController {
    private static final int MAX_DEAD_LETTERS = 200;

    private final ProjectService projects;
    private final ProjectSmtpService smtp;
    private final SmtpTester tester;
    private final DeadLetters deadLetters;
    private final AdminAuth auth;
    private final boolean allowPrivateHosts;

    public MailController(ProjectService projects, ProjectSmtpService smtp, SmtpTester tester, DeadLetters deadLetters,
                          AdminAuth auth, boolean allowPrivateHosts) {
        this.projects = projects;
        this.smtp = smtp;
        this.tester = tester;
        this.deadLetters = deadLetters;
        this.auth = auth;
        this.allowPrivateHosts = allowPrivateHosts;
    }

    public void routes(JavalinConfig config) {
        config.routes.get("/api/admin/projects/{projectId}/smtp", this::getSmtp);
        config.routes.put("/api/admin/projects/{projectId}/smtp", this::putSmtp);
        config.routes.delete("/api/admin/projects/{projectId}/smtp", this::deleteSmtp);
        config.routes.post("/api/admin/projects/{projectId}/smtp/test", this::testSmtp);
        config.routes.get("/api/admin/projects/{projectId}/mail/dead-letters", this::listDeadLetters);
        config.routes.post("/api/admin/projects/{projectId}/mail/dead-letters/{mailId}/retry", this::retry);
    }

    private void getSmtp(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        ctx.json(smtp.get(a.id()));
    }

    private void putSmtp(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        ProjectSmtpService.Input input = input(JsonBody.parse(ctx.bodyInputStream()));
        ctx.json(smtp.put(a.id(), input, Requests.meta(ctx, a.actor())));
    }

    /**
     * Every field is checked and every problem reported at once. The password may be left out to
     * keep the stored one (it is never shown, so a client cannot send it back), or null to clear it.
     */
    private ProjectSmtpService.Input input(JsonBody body) {
        String host = body.text("host", 253);
        if (host != null) {
            SmtpHosts.syntaxProblem(host)
                    .or(() -> allowPrivateHosts ? Optional.empty() : SmtpHosts.addressProblem(host))
                    .ifPresent(reason -> body.reject("host", reason));
        }
        Integer port = body.integer("port");
        if (port != null && (port < 1 || port > 65535)) {
            body.reject("port", "must be between 1 and 65535");
        }
        String securityName = body.string("security");
        Optional<SmtpSettings.Security> security = Optional.ofNullable(securityName).flatMap(ProjectSmtpService::security);
        if (securityName != null && security.isEmpty()) {
            body.reject("security", "must be none, starttls or tls");
        }
        String username = body.optionalText("username", 254);
        Optional<String> password = body.optionalString("password");
        password.filter(p -> p.length() > 256).ifPresent(p -> body.reject("password", "must be at most 256 characters"));
        String fromName = body.optionalText("fromName", 200);
        if (fromName != null && (fromName.contains("\"") || fromName.contains("<") || fromName.contains(">"))) {
            body.reject("fromName", "must not contain quotes or angle brackets");
        }
        EmailAddress fromAddress = body.email("fromAddress");
        body.check();
        return new ProjectSmtpService.Input(host, port, security.get(), username, password.orElse(null),
                body.isExplicitNull("password"), fromName, fromAddress.address());
    }

    private void deleteSmtp(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        smtp.delete(a.id(), Requests.meta(ctx, a.actor()));
        ctx.json(new Message("SMTP server removed; mail goes through the server default"));
    }

    private void testSmtp(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        Project project = projects.get(a.id());
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress to = body.email("to");
        body.check();
        ctx.json(tester.test(project, to, Requests.meta(ctx, a.actor())));
    }

    record DeadLetterList(List<DeadLetters.DeadLetter> deadLetters, Long nextBefore) { }

    private void listDeadLetters(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        int limit = Requests.intQuery(ctx, "limit", 50, 1, MAX_DEAD_LETTERS);
        Long before = Requests.positiveLongQuery(ctx, "before");
        List<DeadLetters.DeadLetter> list = deadLetters.list(a.id(), before, limit);
        ctx.json(new DeadLetterList(list, list.size() == limit ? list.get(list.size() - 1).id() : null));
    }

    private void retry(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        String raw = ctx.pathParam("mailId");
        if (!raw.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("No dead letter with this id in this project");
        }
        ctx.json(deadLetters.retry(a.id(), Long.parseLong(raw), Requests.meta(ctx, a.actor())));
    }
}
