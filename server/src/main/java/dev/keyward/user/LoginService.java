package dev.keyward.user;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.Keys;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.mail.EmailAddress;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.ratelimit.LoginThrottle;
import dev.keyward.session.SessionService;
import dev.keyward.webhook.WebhookEvents;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Logging in with email and password: the per-account throttle counts the attempt before the
 * password is checked, unknown addresses cost a dummy bcrypt, and a reset that commits while
 * bcrypt runs wins over the login.
 */
public final class LoginService {
    private final Jdbi jdbi;
    private final Keys keys;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final WebhookEvents webhooks;

    public LoginService(Jdbi jdbi, Keys keys, Clock clock, PasswordHasher hasher, SessionService sessions, AuditLog audit,
                        LoginThrottle throttle, WebhookEvents webhooks) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
        this.hasher = hasher;
        this.sessions = sessions;
        this.audit = audit;
        this.throttle = throttle;
        this.webhooks = webhooks;
    }

    public record LoggedIn(User user, SessionService.Tokens tokens) { }

    public LoggedIn login(Project project, EmailAddress email, String password, RequestMeta meta) {
        ProjectId pid = project.projectId();
        long now = clock.millis();
        OptionalLong refused = jdbi.inTransaction(h -> throttle.countAttempt(h, pid, email.key(), now));
        if (refused.isPresent()) {
            jdbi.useTransaction(h -> {
                audit.record(h, pid, "login.throttled", null, keys.auditSubject(pid.value(), email.key()), meta, null);
                // Looked up for unknown addresses too: a throttled login costs the same either way.
                Optional<User> owner = Daos.of(h, UserDao.class).findByEmail(pid.value(), email.key());
                webhooks.loginThrottled(h, pid, owner.map(User::id).orElse(null), owner.map(User::email).orElse(null),
                        refused.getAsLong());
            });
            throw ApiException.rateLimited(refused.getAsLong());
        }
        Optional<User> found = jdbi.withHandle(h -> Daos.of(h, UserDao.class).findByEmail(pid.value(), email.key()));
        if (found.isEmpty()) {
            hasher.verifyDummy(password);
            jdbi.useHandle(h -> audit.record(h, pid, "login.failed", null, keys.auditSubject(pid.value(), email.key()), meta,
                    "unknown account"));
            throw invalidCredentials();
        }
        User user = found.get();
        PasswordHasher.Verification v = hasher.verify(password, user.passwordHash());
        if (!v.matches()) {
            jdbi.useHandle(h -> audit.record(h, pid, "login.failed", user.id(), null, meta, "wrong password"));
            throw invalidCredentials();
        }
        if (project.requireEmailVerification() && !user.emailVerified()) {
            // The password was right: the attempt counted in advance is not a failed guess.
            jdbi.useTransaction(h -> throttle.forgive(h, pid, email.key()));
            throw new ApiException(403, "EMAIL_VERIFICATION_REQUIRED", "Email verification required");
        }
        String upgraded = v.needsUpgrade() ? hasher.hash(password) : null;
        SessionService.Tokens tokens = jdbi.inTransaction(h -> {
            // A reset may have committed while bcrypt ran: lock the row and insist the hash we
            // verified is still the stored one, so a login with the old password cannot slip a
            // new session in after the reset revoked them all.
            UserDao dao = Daos.of(h, UserDao.class);
            String current = dao.lockPasswordHash(pid.value(), user.id()).orElse(null);
            if (!user.passwordHash().equals(current)) {
                return null;
            }
            if (upgraded != null) {
                dao.upgradeHash(pid.value(), user.id(), user.passwordHash(), upgraded);
            }
            throttle.forgive(h, pid, email.key());
            audit.record(h, pid, "login.succeeded", user.id(), null, meta, upgraded != null ? "password hash upgraded" : null);
            return sessions.start(h, pid, user.id());
        });
        if (tokens == null) {
            throw invalidCredentials();
        }
        return new LoggedIn(user, tokens);
    }

    private static ApiException invalidCredentials() {
        return new ApiException(401, "INVALID_CREDENTIALS", "Invalid email or password");
    }
}
