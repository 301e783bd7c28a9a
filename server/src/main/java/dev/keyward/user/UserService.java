package dev.keyward.user;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.Keys;
import dev.keyward.http.ApiException;
import dev.keyward.mail.EmailAddress;
import dev.keyward.mail.MailLocales;
import dev.keyward.mail.Outbox;
import dev.keyward.project.RegistrationMode;
import dev.keyward.mail.MailKind;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.ratelimit.LoginThrottle;
import dev.keyward.session.SessionService;
import dev.keyward.verify.VerifyService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Accounts: register, log in, admin create/import, delete. */
public final class UserService {
    private final Jdbi jdbi;
    private final Keys keys;
    private final Clock clock;
    private final SecureRandom random;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SessionService sessions;
    private final VerifyService verify;
    private final Outbox outbox;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final OtpCodes codes;

    public UserService(Jdbi jdbi, Keys keys, Clock clock, SecureRandom random, PasswordHasher hasher,
                       PasswordPolicy policy, SessionService sessions, VerifyService verify, Outbox outbox, AuditLog audit,
                       LoginThrottle throttle, OtpCodes codes) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
        this.random = random;
        this.hasher = hasher;
        this.policy = policy;
        this.sessions = sessions;
        this.verify = verify;
        this.outbox = outbox;
        this.audit = audit;
        this.throttle = throttle;
        this.codes = codes;
    }

    /** {@code locale}: a canonical BCP 47 tag ({@link dev.keyward.mail.MailLocales#canonical}) or null. */
    public record NewUser(EmailAddress email, String password, String passwordHash, String firstName, String lastName,
                          Boolean emailVerified, String locale) { }

    public record Registered(User user, boolean requireVerification, SessionService.Tokens tokens) { }

    public record LoggedIn(User user, SessionService.Tokens tokens) { }

    /** Refuses a weak password with a VALIDATION_ERROR on the given field. */
    public void checkPassword(Project project, String field, String password, EmailAddress email) {
        passwordProblem(project, password, email == null ? null : email.key()).ifPresent(reason -> {
            throw ApiException.validation(field, reason);
        });
    }

    /** Why the project's password policy refuses this password for this address, if it does. */
    public Optional<String> passwordProblem(Project project, String password, String emailKey) {
        return policy.problem(password, project.passwordMinLength(), emailKey);
    }

    public Registered register(Project project, NewUser n, RequestMeta meta) {
        checkPassword(project, "password", n.password(), n.email());
        String hash = hasher.hash(n.password());
        User user = newUser(project, n, hash, false);
        Registered r;
        try {
            r = registerOnce(project, user, meta);
        } catch (ApiException e) {
            if (e.status() != 409 || project.registrationMode() != RegistrationMode.QUIET) {
                throw e;
            }
            // A concurrent sign-up inserted the address first: answer as for any existing address.
            r = registerOnce(project, user, meta);
        }
        outbox.wake();
        return r;
    }

    /**
     * In quiet mode an existing address gets the answer of a new sign-up that must verify its
     * address (the user object, with an id that is never stored, and no tokens), and its owner a
     * mail instead of a verification link: sign-up no longer tells a stranger who has an account.
     */
    private Registered registerOnce(Project project, User user, RequestMeta meta) {
        boolean requireVerification = project.requireEmailVerification();
        return jdbi.inTransaction(h -> {
            if (project.registrationMode() == RegistrationMode.QUIET) {
                Optional<User> existing = h.attach(UserDao.class).findByEmail(project.id(), user.emailKey());
                if (existing.isPresent()) {
                    // The owner's language, not the stranger's Accept-Language.
                    outbox.enqueue(h, project.projectId(), MailKind.SIGNUP_ATTEMPT, null, existing.get().email(),
                            Map.of("firstName", existing.get().firstName()), null,
                            MailLocales.choose(existing.get().locale(), null, project.defaultLocale()));
                    audit.record(h, project.projectId(), "user.signup_attempted", existing.get().id(), null, meta, null);
                    return new Registered(user, true, null);
                }
            }
            insertOrConflict(h, user);
            audit.record(h, project.projectId(), "user.registered", user.id(), null, meta, null);
            if (requireVerification) {
                verify.sendVerification(h, project, user, meta);
                return new Registered(user, true, null);
            }
            return new Registered(user, false, sessions.start(h, project.projectId(), user.id()));
        });
    }

    /** Admin create (with a password) or import (with an existing bcrypt hash). */
    public User create(Project project, NewUser n, RequestMeta meta) {
        String hash;
        if (n.passwordHash() != null) {
            hash = n.passwordHash().startsWith("$2") ? n.passwordHash() : null;
        } else {
            checkPassword(project, "password", n.password(), n.email());
            hash = hasher.hash(n.password());
        }
        User user = newUser(project, n, hash, Boolean.TRUE.equals(n.emailVerified()));
        jdbi.useTransaction(h -> {
            insertOrConflict(h, user);
            audit.record(h, project.projectId(), "user.created", user.id(), null, meta,
                    n.passwordHash() != null ? "imported bcrypt hash" : null);
        });
        return user;
    }

    private User newUser(Project project, NewUser n, String hash, boolean verified) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        long now = clock.millis();
        return new User(java.util.HexFormat.of().formatHex(id), project.id(), n.email().address(), n.email().key(), hash,
                n.firstName() == null ? "" : n.firstName(), n.lastName() == null ? "" : n.lastName(), "user", null,
                verified, false, now, now, n.locale());
    }

    private static void insertOrConflict(Handle h, User user) {
        try {
            h.attach(UserDao.class).insert(user);
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw ApiException.conflict("User already exists");
            }
            throw e;
        }
    }

    public LoggedIn login(Project project, EmailAddress email, String password, RequestMeta meta) {
        ProjectId pid = project.projectId();
        long now = clock.millis();
        OptionalLong refused = jdbi.inTransaction(h -> throttle.countAttempt(h, pid, email.key(), now));
        if (refused.isPresent()) {
            jdbi.useHandle(h -> audit.record(h, pid, "login.throttled", null, keys.auditSubject(pid.value(), email.key()), meta,
                    null));
            throw ApiException.rateLimited(refused.getAsLong());
        }
        Optional<User> found = jdbi.withHandle(h -> h.attach(UserDao.class).findByEmail(pid.value(), email.key()));
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
            UserDao dao = h.attach(UserDao.class);
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

    /** The account inside the caller's transaction. */
    public Optional<User> find(Handle h, ProjectId p, String userId) {
        return h.attach(UserDao.class).findById(p.value(), userId);
    }

    public Optional<User> find(ProjectId p, String userId) {
        return jdbi.withHandle(h -> h.attach(UserDao.class).findById(p.value(), userId));
    }

    public Optional<User> findByEmail(ProjectId p, EmailAddress email) {
        return jdbi.withHandle(h -> h.attach(UserDao.class).findByEmail(p.value(), email.key()));
    }

    public void delete(ProjectId p, String userId, RequestMeta meta) {
        jdbi.useTransaction(h -> {
            UserDao dao = h.attach(UserDao.class);
            User u = dao.findById(p.value(), userId).orElseThrow(() -> ApiException.notFound("User not found"));
            codes.deleteAllFor(h, p, u.emailKey());
            sessions.deleteAllFor(h, p, userId);
            dao.delete(p.value(), userId);
            audit.record(h, p, "user.deleted", userId, null, meta, null);
        });
    }

    /** Sets a new password (a completed reset) inside the caller's transaction. */
    public void setPassword(Handle h, ProjectId p, String userId, String hash, boolean markVerified, long now) {
        h.attach(UserDao.class).setPassword(p.value(), userId, hash, markVerified, now);
    }

    /** Marks the address verified in the caller's transaction (static: VerifyService is built before this service). */
    public static void markVerified(Handle h, ProjectId p, String userId, long now) {
        h.attach(UserDao.class).markVerified(p.value(), userId, now);
    }

    private static ApiException invalidCredentials() {
        return new ApiException(401, "INVALID_CREDENTIALS", "Invalid email or password");
    }
}
