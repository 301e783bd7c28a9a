package dev.keyward.verify;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.Keys;
import dev.keyward.config.RandomTokens;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.mail.EmailAddress;
import dev.keyward.mail.MailKind;
import dev.keyward.mail.MailLocales;
import dev.keyward.mail.Outbox;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.user.User;
import dev.keyward.user.UserDao;
import dev.keyward.user.UserService;
import dev.keyward.webhook.WebhookEventType;
import dev.keyward.webhook.WebhookEvents;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Email verification by a single-use link token (24 h), sent through the outbox. */
public final class VerifyService {
    static final long TOKEN_TTL_MILLIS = 24 * 3_600_000L;

    private final Jdbi jdbi;
    private final Keys keys;
    private final Clock clock;
    private final SecureRandom random;
    private final OtpCodes codes;
    private final AddressLimits limits;
    private final Outbox outbox;
    private final AuditLog audit;
    private final String publicUrl;
    private final WebhookEvents webhooks;

    public VerifyService(Jdbi jdbi, Keys keys, Clock clock, SecureRandom random, OtpCodes codes, AddressLimits limits,
                         Outbox outbox, AuditLog audit, String publicUrl, WebhookEvents webhooks) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
        this.random = random;
        this.codes = codes;
        this.limits = limits;
        this.outbox = outbox;
        this.audit = audit;
        this.publicUrl = publicUrl;
        this.webhooks = webhooks;
    }

    /** Issues a new link token (superseding older ones) and queues the mail, in the caller's transaction. */
    public void sendVerification(Handle h, Project project, User user, RequestMeta meta) {
        issue(h, project, user.emailKey(), user, meta, clock.millis());
    }

    /**
     * One token and one outbox row, whoever asks: for an address with no unverified account the
     * token belongs to nobody and the outbox row is void, so the work does not reveal the account.
     */
    private void issue(Handle h, Project project, String emailKey, User recipient, RequestMeta meta, long now) {
        ProjectId pid = project.projectId();
        String token = RandomTokens.next(random);
        long codeId = codes.replace(h, pid, emailKey, recipient == null ? null : recipient.id(), OtpCodes.VERIFY,
                keys.tokenMac(OtpCodes.VERIFY, token), now, now + TOKEN_TTL_MILLIS, 1, OtpCodes.VERIFY);
        String sealed = outbox.seal(pid, MailKind.VERIFY_EMAIL, Map.of("link", link(project, token),
                "ttlMinutes", String.valueOf(TOKEN_TTL_MILLIS / 60_000),
                "firstName", recipient == null ? "" : recipient.firstName()));
        outbox.insert(h, pid, MailKind.VERIFY_EMAIL, codeId, recipient == null ? null : recipient.email(), sealed,
                now + TOKEN_TTL_MILLIS, MailLocales.choose(recipient == null ? null : recipient.locale(),
                        meta.acceptLanguage(), project.defaultLocale()));
    }

    /** The link in the mail: the project's verification page, or Keyward's own page at KEYWARD_PUBLIC_URL. */
    String link(Project project, String token) {
        String t = URLEncoder.encode(token, StandardCharsets.UTF_8);
        if (project.verifyUrl() != null) {
            return project.verifyUrl() + (project.verifyUrl().contains("?") ? "&" : "?") + "token=" + t
                    + "&projectId=" + project.id();
        }
        return publicUrl + "/verify-email?token=" + t + "&projectId=" + project.id();
    }

    public void verify(String token, Optional<ProjectId> expectedProject, RequestMeta meta) {
        if (token.length() > 200) {
            throw invalidToken();
        }
        boolean ok = jdbi.inTransaction(h -> {
            long now = clock.millis();
            Optional<OtpCodes.TokenRow> row = codes.openByMac(h, keys.tokenMac(OtpCodes.VERIFY, token), OtpCodes.VERIFY);
            if (row.isEmpty() || row.get().expiresAt() <= now || row.get().userId() == null
                    || expectedProject.map(p -> !p.value().equals(row.get().projectId())).orElse(false)) {
                return false;
            }
            ProjectId pid = new ProjectId(row.get().projectId());
            if (!codes.consume(h, pid, row.get().id(), now)) {
                return false;
            }
            Optional<User> before = Daos.of(h, UserDao.class).findById(pid.value(), row.get().userId());
            UserService.markVerified(h, pid, row.get().userId(), now);
            audit.record(h, pid, "email.verified", row.get().userId(), null, meta, null);
            before.filter(u -> !u.emailVerified()).ifPresent(u -> webhooks.account(h, pid,
                    WebhookEventType.USER_EMAIL_VERIFIED, u.id(), u.email(), Map.of("via", "link")));
            return true;
        });
        if (!ok) {
            throw invalidToken();
        }
    }

    /** Same answer for every address; mail only to an existing, unverified account. */
    public void resend(Project project, EmailAddress email, RequestMeta meta) {
        ProjectId pid = project.projectId();
        jdbi.useTransaction(h -> {
            long now = clock.millis();
            AddressLimits.Row row = limits.lock(h, pid, email.key(), OtpCodes.VERIFY);
            limits.checkSend(row, project.otpPolicy(), now);
            Optional<User> user = Daos.of(h, UserDao.class).findByEmail(pid.value(), email.key());
            issue(h, project, email.key(), user.filter(u -> !u.emailVerified()).orElse(null), meta, now);
            limits.recordSend(h, row, now);
            audit.record(h, pid, "verification.requested", user.map(User::id).orElse(null),
                    user.isPresent() ? null : keys.auditSubject(pid.value(), email.key()), meta, null);
        });
        outbox.wake();
    }

    private static ApiException invalidToken() {
        return new ApiException(400, "INVALID_TOKEN", "Invalid or expired verification token");
    }
}
