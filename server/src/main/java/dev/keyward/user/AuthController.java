package dev.keyward.user;

import dev.keyward.http.ApiException;
import dev.keyward.http.HttpPipeline;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.mail.EmailAddress;
import dev.keyward.mail.MailLocales;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectResolver;
import dev.keyward.session.SessionService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** Register, login, refresh, logout and session: Mudbase's project auth endpoints. */
public final class AuthController {
    private final UserService users;
    private final LoginService logins;
    private final SessionService sessions;
    private final ProjectResolver resolver;

    public AuthController(UserService users, LoginService logins, SessionService sessions, ProjectResolver resolver) {
        this.users = users;
        this.logins = logins;
        this.sessions = sessions;
        this.resolver = resolver;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/api/auth/local/register", this::register);
        config.routes.post("/api/auth/local/login", this::login);
        config.routes.post("/api/auth/refresh", this::refresh);
        config.routes.post("/api/auth/local/logout", this::logout);
        config.routes.get("/api/auth/local/session", this::session);
    }

    private void register(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        String password = body.string("password");
        String firstName = body.optionalText("firstName", User.MAX_NAME_LENGTH);
        String lastName = body.optionalText("lastName", User.MAX_NAME_LENGTH);
        String projectId = body.string("projectId");
        String locale = MailLocales.optional(body, "locale");
        body.check();
        Project project = Requests.project(ctx, resolver, projectId);
        UserService.Registered r = users.register(project,
                new UserService.NewUser(email, password, null, firstName, lastName, null, locale), Requests.meta(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", r.requireVerification()
                ? "User registered successfully. Please check your email to verify your account."
                : "User registered successfully");
        out.put("requireVerification", r.requireVerification());
        out.put("user", UserViews.RegisteredUser.of(r.user()));
        if (r.tokens() != null) {
            out.put("token", r.tokens().token());
            out.put("refreshToken", r.tokens().refreshToken());
            out.put("expiresIn", r.tokens().expiresIn());
        }
        ctx.status(201).json(out);
    }

    record LoginResponse(String message, String token, String refreshToken, int expiresIn, UserViews.LoginUser user) { }

    private void login(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        EmailAddress email = body.email("email");
        String password = body.string("password");
        String projectId = body.string("projectId");
        if (password != null) {
            PasswordPolicy.tooLong(password).ifPresent(reason -> body.reject("password", reason));
        }
        body.check();
        Project project = Requests.project(ctx, resolver, projectId);
        LoginService.LoggedIn r = logins.login(project, email, password, Requests.meta(ctx));
        ctx.json(new LoginResponse("Login successful", r.tokens().token(), r.tokens().refreshToken(),
                r.tokens().expiresIn(), UserViews.LoginUser.of(r.user())));
    }

    record RefreshResponse(String message, String token, String refreshToken, int expiresIn) { }

    private void refresh(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        String refreshToken = body.string("refreshToken");
        body.check();
        SessionService.Tokens t = sessions.refresh(refreshToken);
        ctx.json(new RefreshResponse("Token refreshed successfully", t.token(), t.refreshToken(), t.expiresIn()));
    }

    private void logout(Context ctx) {
        sessions.logout(sessions.authenticate(bearer(ctx)));
        ctx.json(new Message("Logout successful"));
    }

    record SessionResponse(UserViews.LoginUser user, boolean authenticated) { }

    private void session(Context ctx) {
        ProjectId projectId = ProjectId.parse(Requests.requiredQuery(ctx, "projectId"));
        SessionService.Principal p = sessions.authenticate(bearer(ctx));
        if (!p.projectId().equals(projectId.value())) {
            throw ApiException.unauthorized("Invalid or expired token");
        }
        User user = users.find(projectId, p.userId()).orElseThrow(() -> ApiException.unauthorized("Invalid or expired token"));
        ctx.json(new SessionResponse(UserViews.LoginUser.of(user), true));
    }

    static String bearer(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() < 8) {
            throw ApiException.unauthorized("Authentication required");
        }
        return auth.substring(7).trim();
    }
}
