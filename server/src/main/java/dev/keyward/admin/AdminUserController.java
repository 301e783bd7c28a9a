package dev.keyward.admin;

import dev.keyward.audit.AuditQuery;
import dev.keyward.audit.EventTypes;
import dev.keyward.http.ApiException;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.mail.EmailAddress;
import dev.keyward.mail.MailLocales;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import dev.keyward.user.PasswordHasher;
import dev.keyward.user.User;
import dev.keyward.user.UserService;
import dev.keyward.user.UserViews;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/** Tenant admin: users (create, import, find, delete) and the audit log. */
public final class AdminUserController {
    private static final int MAX_EVENTS = 200;

    private final ProjectService projects;
    private final UserService users;
    private final AuditQuery auditQuery;
    private final AdminAuth auth;

    public AdminUserController(ProjectService projects, UserService users, AuditQuery auditQuery, AdminAuth auth) {
        this.projects = projects;
        this.users = users;
        this.auditQuery = auditQuery;
        this.auth = auth;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/api/admin/projects/{projectId}/users", this::create);
        config.routes.get("/api/admin/projects/{projectId}/users", this::find);
        config.routes.delete("/api/admin/projects/{projectId}/users/{userId}", this::delete);
        config.routes.get("/api/admin/projects/{projectId}/events", this::events);
    }

    private void create(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        Project project = projects.get(a.id());
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        Optional<String> password = body.optionalString("password");
        Optional<String> hash = body.optionalString("passwordHash");
        if (password.isPresent() == hash.isPresent() && !body.hasError("password") && !body.hasError("passwordHash")) {
            body.reject("password", "give exactly one of password and passwordHash");
        }
        hash.filter(h -> !PasswordHasher.isPlainBcrypt(h))
                .ifPresent(h -> body.reject("passwordHash", "must be a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-14)"));
        String firstName = body.optionalText("firstName", User.MAX_NAME_LENGTH);
        String lastName = body.optionalText("lastName", User.MAX_NAME_LENGTH);
        Optional<Boolean> verified = body.optionalBoolean("emailVerified");
        String locale = MailLocales.optional(body, "locale");
        body.check();
        User user = users.create(project, new UserService.NewUser(email, password.orElse(null), hash.orElse(null),
                firstName, lastName, verified.orElse(false), locale), Requests.meta(ctx, a.actor()));
        ctx.status(201).json(UserViews.RegisteredUser.of(user));
    }

    private void find(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        String raw = ctx.queryParam("email");
        Optional<EmailAddress> email = Optional.ofNullable(raw).flatMap(EmailAddress::tryParse);
        if (email.isEmpty()) {
            throw ApiException.validation("email", raw == null ? "is required" : "must be a valid email address");
        }
        User user = users.findByEmail(a.id(), email.get())
                .orElseThrow(() -> ApiException.notFound("User not found"));
        ctx.json(UserViews.RegisteredUser.of(user));
    }

    private void delete(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        String userId = ctx.pathParam("userId");
        if (!userId.matches("[0-9a-f]{24}")) {
            throw ApiException.notFound("User not found");
        }
        users.delete(a.id(), userId, Requests.meta(ctx, a.actor()));
        ctx.json(new Message("User deleted"));
    }

    record Events(List<AuditQuery.Event> events, Long nextBefore) { }

    private void events(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        String type = ctx.queryParam("type");
        if (type != null && !EventTypes.isKnown(type)) {
            throw ApiException.validation("type", "must be one of " + String.join(", ", EventTypes.ALL));
        }
        int limit = Requests.intQuery(ctx, "limit", 50, 1, MAX_EVENTS);
        Long before = Requests.positiveLongQuery(ctx, "before");
        List<AuditQuery.Event> events = auditQuery.list(a.id(), type, before, limit);
        Long next = events.size() == limit ? events.get(events.size() - 1).id() : null;
        ctx.json(new Events(events, next));
    }
}
