package dev.keyward.reset;

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
import dev.keyward.otp.CodeGenerator;
import dev.keyward.otp.OtpCodes;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.user.PasswordHasher;
import dev.keyward.user.User;
import dev.keyward.user.UserDao;
import dev.keyward.user.UserService;
import dev.keyward.webhook.WebhookEventType;
import dev.keyward.webhook.WebhookEvents;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The email-OTP password reset. The per-address limits row is locked first in every
 * transaction here (then code rows), which serialises requests and guesses for one address and
 * keeps a single lock order, so concurrent calls can neither exceed a budget nor deadlock.
 */
public final class ResetService {
    private final Jdbi jdbi;
    private final Keys keys;
    private final Clock clock;
    private final SecureRandom random;
    private final CodeGenerator generator;
    private final OtpCodes codes;
    private final AddressLimits limits;
    private final Outbox outbox;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final UserService users;
    private final ResetCompletion completion;
    private final String publicUrl;
    private final WebhookEvents webhooks;
    private final ResetRequestRows rows;

    public ResetService(Jdbi jdbi, Keys keys, Clock clock, SecureRandom random, CodeGenerator generator, OtpCodes codes,
                        AddressLimits limits, Outbox outbox, AuditLog audit, PasswordHasher hasher, UserService users,
                        ResetCompletion completion, String publicUrl, WebhookEvents webhooks, boolean postgres) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
        this.random = random;
        this.generator = generator;
        this.codes = codes;
        this.limits = limits;
        this.outbox = outbox;
        this.audit = audit;
        this.hasher = hasher;
        this.users = users;
        this.completion = completion;
        this.publicUrl = publicUrl;
        this.webhooks = webhooks;
        this.rows = new ResetRequestRows(postgres, codes, limits, outbox, audit);
    }

    public static ApiException invalidOtp() {
        return new ApiException(400, "INVALID_OTP", "Invalid or expired OTP");
    }

    /**
     * Issues a code (or a compat profile's token; every kind supersedes every other). Known and
     * unknown addresses take the same path with the same work (a secret, its MAC, a sealed payload
     * and the same rows written); only the outbox row of an unknown address is void, so nothing is
     * ever mailed to an address without an account.
     */
    public void request(Project project, EmailAddress email, ResetSecret secret, RequestMeta meta) {
        ProjectId pid = project.projectId();
        OtpPolicy policy = project.otpPolicy();
        String code = secret.generate(generator, policy);
        boolean mailed = jdbi.inTransaction(h -> {
            long now = clock.millis();
            ResetRequestRows.Locked locked = rows.lock(h, pid, email.key());
            limits.checkSend(locked.limits(), policy, now);
            Optional<User> user = locked.user();
            long expiresAt = now + policy.ttlSeconds() * 1000L;
            Map<String, String> payload = new HashMap<>();
            payload.put("code", code);
            payload.put("ttlMinutes", validity(policy.ttlSeconds()));
            payload.put("firstName", user.map(User::firstName).orElse(""));
            secret.link(project, publicUrl, code, user.map(User::email).orElse(email.address()))
                    .ifPresent(link -> payload.put("link", link));
            String sealed = outbox.seal(pid, MailKind.RESET_CODE, payload);
            rows.store(h,
                    new OtpCodes.NewCode(pid.value(), email.key(), user.map(User::id).orElse(null), secret.purpose(),
                            secret.mac(keys, pid, email.key(), code), now, expiresAt, policy.maxAttempts()),
                    outbox.row(pid, MailKind.RESET_CODE, user.map(User::email).orElse(null), sealed, expiresAt,
                            MailLocales.choose(user.map(User::locale).orElse(null), meta.acceptLanguage(), project.defaultLocale())),
                    AddressLimits.afterSend(locked.limits(), now),
                    audit.entry(pid, "reset.requested", user.map(User::id).orElse(null),
                            keys.auditSubject(pid.value(), email.key()), meta, secret.auditDetail()));
            // Known and unknown addresses alike: the fan-out runs when an enabled webhook subscribes to the event
            // (queueing nothing for an unknown address) and is skipped for both when none does.
            webhooks.account(h, project, WebhookEventType.PASSWORD_RESET_REQUESTED, user.map(User::id).orElse(null),
                    user.map(User::email).orElse(null), Map.of());
            return user.isPresent();
        });
        // A void row is never sent: waking the relay for it would only cost a claim transaction.
        if (mailed) {
            outbox.wake();
        }
    }

    private static String validity(int ttlSeconds) {
        return ttlSeconds % 60 == 0 ? String.valueOf(ttlSeconds / 60) : String.format(Locale.ROOT, "%.1f", ttlSeconds / 60.0);
    }

    public record ResetToken(String resetToken, int expiresIn) { }

    /** 3-step variant: consumes the code and returns a single-use reset token. */
    public ResetToken verify(Project project, EmailAddress email, String otp, RequestMeta meta) {
        ProjectId pid = project.projectId();
        Optional<ResetToken> token = jdbi.inTransaction(h -> {
            long now = clock.millis();
            AddressLimits.Row row = limits.lock(h, pid, email.key(), OtpCodes.RESET);
            Optional<OtpCodes.Code> code = check(h, project, email, row, OtpCodes.RESET, normalizeCode(otp), meta, now);
            if (code.isEmpty() || !codes.consume(h, pid, code.get().id(), now)) {
                return Optional.<ResetToken>empty();
            }
            String t = RandomTokens.next(random);
            int ttl = project.otpPolicy().ttlSeconds();
            codes.insert(h, pid, email.key(), code.get().userId(), OtpCodes.RESET_TOKEN,
                    keys.otpMac(pid.value(), email.key(), OtpCodes.RESET_TOKEN, t), now, now + ttl * 1000L,
                    project.otpPolicy().maxAttempts());
            audit.record(h, pid, "reset.code_verified", code.get().userId(), null, meta, null);
            return Optional.of(new ResetToken(t, ttl));
        });
        return token.orElseThrow(ResetService::invalidOtp);
    }

    /**
     * 503 at once while bcrypt is saturated. The controller asks before it touches the database,
     * so under overload a confirm is refused in a few milliseconds instead of queueing for the
     * project lookup and the per-IP counter on cores busy with hashing.
     */
    public void admit() {
        hasher.admit();
    }

    /** Sets the new password with a code (otp) or a reset token from {@link #verify}. */
    public void confirm(Project project, EmailAddress email, String otp, String resetToken, String newPassword,
                        RequestMeta meta) {
        ProjectId pid = project.projectId();
        // A weak password is refused before the code is looked at: it costs no attempt and keeps the code.
        users.checkPassword(project, "newPassword", newPassword, email);
        // Under bcrypt overload refuse before the code is looked at, so a retrying client keeps its attempts.
        hasher.admit();
        String purpose = otp != null ? OtpCodes.RESET : OtpCodes.RESET_TOKEN;
        String presented = otp != null ? normalizeCode(otp) : resetToken;
        long checkedAt = clock.millis();
        Optional<OtpCodes.Code> code = jdbi.inTransaction(h -> {
            AddressLimits.Row row = limits.lock(h, pid, email.key(), OtpCodes.RESET);
            return check(h, project, email, row, purpose, presented, meta, checkedAt);
        });
        if (code.isEmpty()) {
            throw invalidOtp();
        }
        // Only a correct code reaches bcrypt, outside any transaction.
        String hash = hasher.hash(newPassword);
        completion.complete(project, email.key(), code.get().id(), code.get().userId(), hash, checkedAt, meta, null, false)
                .orElseThrow(ResetService::invalidOtp);
    }

    /**
     * Counts an attempt on the newest open secret, then compares. The attempt is counted in the
     * database before the comparison, under the address lock, so parallel guesses cannot exceed
     * maxAttempts, and every failure also spends the address's daily budget across resends.
     */
    private Optional<OtpCodes.Code> check(Handle h, Project project, EmailAddress email, AddressLimits.Row row,
                                          String purpose, String presented, RequestMeta meta, long now) {
        ProjectId pid = project.projectId();
        OtpPolicy policy = project.otpPolicy();
        if (limits.failuresInLast24Hours(row, now) >= policy.maxFailuresPerDay()) {
            audit.record(h, pid, "reset.locked", null, keys.auditSubject(pid.value(), email.key()), meta, "daily failure budget spent");
            return Optional.empty();
        }
        Optional<OtpCodes.Code> code = codes.newestOpen(h, pid, email.key(), purpose);
        boolean counted = code.isPresent() && code.get().expiresAt() > now && codes.countAttempt(h, pid, code.get().id());
        boolean matches = counted && code.get().userId() != null
                && Keys.constantTimeEquals(keys.otpMac(pid.value(), email.key(), purpose, presented), code.get().mac());
        if (matches) {
            return code;
        }
        boolean budgetSpent = limits.failuresInLast24Hours(row, now) + 1 >= policy.maxFailuresPerDay();
        limits.recordFailure(h, row, now, policy.maxFailuresPerDay());
        String userId = code.map(OtpCodes.Code::userId).orElse(null);
        audit.record(h, pid, "reset.code_failed", userId, keys.auditSubject(pid.value(), email.key()), meta, null);
        boolean codeLocked = counted && code.get().attempts() + 1 >= code.get().maxAttempts();
        if (codeLocked) {
            audit.record(h, pid, "reset.code_locked", userId, keys.auditSubject(pid.value(), email.key()), meta,
                    "maxAttempts reached");
        }
        if (budgetSpent || codeLocked) {
            locked(h, pid, email, budgetSpent ? "daily_failure_budget" : "max_attempts");
        }
        return Optional.empty();
    }

    /**
     * password_reset.locked, on the failure that locks: the account is looked up by address, for
     * unknown addresses too (their codes lock at the same attempt), so the work stays the same.
     */
    private void locked(Handle h, ProjectId pid, EmailAddress email, String reason) {
        Optional<User> owner = Daos.of(h, UserDao.class).findByEmail(pid.value(), email.key());
        webhooks.account(h, pid, WebhookEventType.PASSWORD_RESET_LOCKED, owner.map(User::id).orElse(null),
                owner.map(User::email).orElse(null), Map.of("reason", reason));
    }

    /** Codes are compared upper-case and trimmed: alphanumeric codes are case-insensitive, digits unaffected. */
    static String normalizeCode(String otp) {
        return otp.trim().toUpperCase(Locale.ROOT);
    }
}
