package dev.keyward.user;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.mail.EmailAddress;
import dev.keyward.mail.MailKind;
import dev.keyward.mail.MailLocales;
import dev.keyward.mail.Outbox;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.project.RegistrationMode;
import dev.keyward.session.SessionService;
import dev.keyward.verify.VerifyService;
import dev.keyward.webhook.WebhookEventType;
import dev.keyward.webhook.WebhookEvents;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Accounts: register, admin create/import, delete; the password policy. Logging in is {@link LoginService}. */
public final class UserService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SessionService sessions;
    private final VerifyService verify;
    private final Outbox outbox;
    private final AuditLog audit;
    private final OtpCodes codes;
    private final WebhookEvents webhooks;

    public UserService(Jdbi jdbi, Clock clock, SecureRandom random, PasswordHasher hasher, PasswordPolicy policy,
                       SessionService sessions, VerifyService verify, Outbox outbox, AuditLog audit, OtpCodes codes,
                       WebhookEvents webhooks) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.random = random;
        this.hasher = hasher;
        this.policy = policy;
        this.sessions = sessions;
        this.verify = verify;
        this.outbox = outbox;
        this.audit = audit;
        this.codes = codes;
        this.webhooks = webhooks;
    }

    /** {@code locale}: a canonical BCP 47 tag ({@link dev.keyward.mail.MailLocales#canonical}) or null. */
    public record NewUser(EmailAddress email, String password, String passwordHash, String firstName, String lastName,
                          Boolean emailVerified, String locale) { }

    public record Registered(User user, boolean requireVerification, SessionService.Tokens tokens) { }

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
                Optional<User> existing = Daos.of(h, UserDao.class).findByEmail(project.id(), user.emailKey());
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
            webhooks.account(h, project.projectId(), WebhookEventType.USER_CREATED, user.id(), user.email(),
                    Map.of("source", "signup", "emailVerified", user.emailVerified()));
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
            webhooks.account(h, project.projectId(), WebhookEventType.USER_CREATED, user.id(), user.email(),
                    Map.of("source", n.passwordHash() != null ? "import" : "admin", "emailVerified", user.emailVerified()));
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
            Daos.of(h, UserDao.class).insert(user);
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw ApiException.conflict("User already exists");
            }
            throw e;
        }
    }

    /** The account inside the caller's transaction. */
    public Optional<User> find(Handle h, ProjectId p, String userId) {
        return Daos.of(h, UserDao.class).findById(p.value(), userId);
    }

    public Optional<User> find(ProjectId p, String userId) {
        return jdbi.withHandle(h -> Daos.of(h, UserDao.class).findById(p.value(), userId));
    }

    public Optional<User> findByEmail(ProjectId p, EmailAddress email) {
        return jdbi.withHandle(h -> Daos.of(h, UserDao.class).findByEmail(p.value(), email.key()));
    }

    public void delete(ProjectId p, String userId, RequestMeta meta) {
        jdbi.useTransaction(h -> {
            UserDao dao = Daos.of(h, UserDao.class);
            User u = dao.findById(p.value(), userId).orElseThrow(() -> ApiException.notFound("User not found"));
            codes.deleteAllFor(h, p, u.emailKey());
            sessions.deleteAllFor(h, p, userId);
            dao.delete(p.value(), userId);
            audit.record(h, p, "user.deleted", userId, null, meta, null);
            webhooks.account(h, p, WebhookEventType.USER_DELETED, userId, u.email(), Map.of());
        });
    }

    /** Sets a new password (a completed reset) inside the caller's transaction. */
    public void setPassword(Handle h, ProjectId p, String userId, String hash, boolean markVerified, long now) {
        Daos.of(h, UserDao.class).setPassword(p.value(), userId, hash, markVerified, now);
    }

    /** Marks the address verified in the caller's transaction (static: VerifyService is built before this service). */
    public static void markVerified(Handle h, ProjectId p, String userId, long now) {
        Daos.of(h, UserDao.class).markVerified(p.value(), userId, now);
    }

}
