package dev.keyward.reset;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.mail.MailKind;
import dev.keyward.mail.MailLocales;
import dev.keyward.mail.Outbox;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.ratelimit.LoginThrottle;
import dev.keyward.session.SessionService;
import dev.keyward.user.User;
import dev.keyward.user.UserService;
import dev.keyward.webhook.WebhookEventType;
import dev.keyward.webhook.WebhookEvents;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What every successful password reset does, whichever endpoint it came through (Mudbase's
 * confirm, Cargo Extra's third step, Strapi's reset-password), in one transaction that takes the
 * address's limits row first, like every reset transaction.
 */
public final class ResetCompletion {
    private final Jdbi jdbi;
    private final Clock clock;
    private final OtpCodes codes;
    private final AddressLimits limits;
    private final UserService users;
    private final SessionService sessions;
    private final LoginThrottle throttle;
    private final Outbox outbox;
    private final AuditLog audit;
    private final WebhookEvents webhooks;

    public ResetCompletion(Jdbi jdbi, Clock clock, OtpCodes codes, AddressLimits limits, UserService users,
                           SessionService sessions, LoginThrottle throttle, Outbox outbox, AuditLog audit,
                           WebhookEvents webhooks) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.codes = codes;
        this.limits = limits;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.outbox = outbox;
        this.audit = audit;
        this.webhooks = webhooks;
    }

    /** The account after its reset, and the new session when the caller asked for one. */
    public record Completed(User user, SessionService.Tokens tokens) { }

    /**
     * Consumes the secret (judged valid at {@code checkedAt}: time spent in bcrypt must not expire
     * a secret that was in time), stores the hash, marks the email verified, closes every other
     * reset secret of the address, revokes every session, clears the address's failures and the
     * login throttle, queues "password changed" and audits. Empty when another request used the
     * secret first: exactly one of two simultaneous resets wins.
     */
    public Optional<Completed> complete(Project project, String emailKey, long secretId, String userId, String hash,
                                        long checkedAt, RequestMeta meta, String auditDetail, boolean startSession) {
        ProjectId pid = project.projectId();
        Optional<Completed> done = jdbi.inTransaction(h -> {
            long now = clock.millis();
            AddressLimits.Row row = limits.lock(h, pid, emailKey, OtpCodes.RESET);
            if (!codes.consume(h, pid, secretId, checkedAt)) {
                return Optional.<Completed>empty();
            }
            Optional<User> user = users.find(h, pid, userId);
            if (user.isEmpty()) {
                return Optional.<Completed>empty();
            }
            users.setPassword(h, pid, userId, hash, true, now);
            codes.closeOpen(h, pid, emailKey, now, OtpCodes.RESET_ALL);
            sessions.revokeAll(h, pid, userId);
            limits.clearFailures(h, row);
            // The owner proved control of the mailbox: failed logins (perhaps a guesser's) stop counting.
            throttle.forgive(h, pid, emailKey);
            outbox.enqueue(h, pid, MailKind.PASSWORD_CHANGED, null, user.get().email(),
                    Map.of("firstName", user.get().firstName()), null,
                    MailLocales.choose(user.get().locale(), meta.acceptLanguage(), project.defaultLocale()));
            audit.record(h, pid, "reset.completed", userId, null, meta, auditDetail);
            webhooks.account(h, pid, WebhookEventType.PASSWORD_RESET_COMPLETED, userId, user.get().email(), Map.of());
            if (!user.get().emailVerified()) {
                webhooks.account(h, pid, WebhookEventType.USER_EMAIL_VERIFIED, userId, user.get().email(),
                        Map.of("via", "password_reset"));
            }
            if (!startSession) {
                return Optional.of(new Completed(user.get(), null));
            }
            // Strapi answers a reset with a session: started after the revocation, it is the only one left.
            SessionService.Tokens tokens = sessions.start(h, pid, userId);
            return users.find(h, pid, userId).map(u -> new Completed(u, tokens));
        });
        done.ifPresent(d -> outbox.wake());
        return done;
    }
}
