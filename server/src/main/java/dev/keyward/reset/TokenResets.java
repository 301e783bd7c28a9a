package dev.keyward.reset;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.Keys;
import dev.keyward.mail.EmailAddress;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.ratelimit.ClientNetwork;
import dev.keyward.ratelimit.TokenGuessBudget;
import dev.keyward.session.SessionService;
import dev.keyward.user.PasswordHasher;
import dev.keyward.user.User;
import dev.keyward.user.UserService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Optional;

/**
 * Resets with the compat profiles' secrets, which arrive without the address: Cargo Extra's token
 * (confirmed in step 2, used in step 3) and Strapi's code. A wrong secret cannot be charged to an
 * account, so every failed lookup spends the client network's and the project's hourly budget.
 */
public final class TokenResets {
    static final long CONFIRMED_TTL_MILLIS = 10 * 60_000L;

    private final Jdbi jdbi;
    private final Keys keys;
    private final Clock clock;
    private final OtpCodes codes;
    private final AddressLimits limits;
    private final TokenGuessBudget budget;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final UserService users;
    private final ResetCompletion completion;

    public TokenResets(Jdbi jdbi, Keys keys, Clock clock, OtpCodes codes, AddressLimits limits, TokenGuessBudget budget,
                       AuditLog audit, PasswordHasher hasher, UserService users, ResetCompletion completion) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
        this.codes = codes;
        this.limits = limits;
        this.budget = budget;
        this.audit = audit;
        this.hasher = hasher;
        this.users = users;
        this.completion = completion;
    }

    /** How a reset with a password ended; a refusal carries no reason, so it tells a guesser nothing. */
    public record Outcome(Kind kind, String weakness, User user, SessionService.Tokens tokens) {
        public enum Kind { DONE, REFUSED, WEAK_PASSWORD }

        static Outcome refused() {
            return new Outcome(Kind.REFUSED, null, null, null);
        }

        static Outcome weak(String reason) {
            return new Outcome(Kind.WEAK_PASSWORD, reason, null, null);
        }
    }

    /**
     * Cargo step 2: consumes the token and opens a confirmed reset of its account, valid 10 minutes
     * (never past the token's own expiry), once, and only from this client's network. Returns the
     * account's stored address.
     */
    public Optional<String> confirmCargoToken(Project project, String token, String clientIp, RequestMeta meta) {
        ProjectId pid = project.projectId();
        long now = clock.millis();
        Optional<OtpCodes.TokenRow> row = find(project, ResetSecret.CARGO_TOKEN, token, clientIp, meta, now);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return jdbi.inTransaction(h -> {
            // The address's limits row first, like every reset transaction: a newer request for the
            // address waits for this one and then supersedes the confirmed reset it opens.
            limits.lock(h, pid, row.get().emailKey(), OtpCodes.RESET);
            if (!codes.consume(h, pid, row.get().id(), now)) {
                return Optional.<String>empty();
            }
            Optional<User> user = users.find(h, pid, row.get().userId());
            if (user.isEmpty()) {
                return Optional.<String>empty();
            }
            String emailKey = row.get().emailKey();
            codes.insert(h, pid, emailKey, user.get().id(), OtpCodes.RESET_CONFIRMED, boundTo(pid, emailKey, clientIp), now,
                    Math.min(now + CONFIRMED_TTL_MILLIS, row.get().expiresAt()), 1);
            audit.record(h, pid, "reset.code_verified", user.get().id(), null, meta,
                    ResetSecret.CARGO_TOKEN.auditDetail());
            return Optional.of(user.get().email());
        });
    }

    /**
     * Cargo step 3: the password, for the address step 2 confirmed, from the network that confirmed
     * it, within its window. A weak password costs nothing: the confirmed reset stays usable.
     */
    public Outcome completeCargoReset(Project project, EmailAddress email, String password, String clientIp,
                                      RequestMeta meta) {
        ProjectId pid = project.projectId();
        Optional<String> weakness = users.passwordProblem(project, password, email.key());
        if (weakness.isPresent()) {
            return Outcome.weak(weakness.get());
        }
        hasher.admit();
        long checkedAt = clock.millis();
        String expected = boundTo(pid, email.key(), clientIp);
        Optional<OtpCodes.Code> confirmed = jdbi.inTransaction(h -> {
            limits.lock(h, pid, email.key(), OtpCodes.RESET);
            return codes.newestOpen(h, pid, email.key(), OtpCodes.RESET_CONFIRMED)
                    .filter(c -> c.expiresAt() > checkedAt && c.userId() != null)
                    .filter(c -> Keys.constantTimeEquals(expected, c.mac()));
        });
        if (confirmed.isEmpty()) {
            return Outcome.refused();
        }
        String hash = hasher.hash(password);
        return completion.complete(project, email.key(), confirmed.get().id(), confirmed.get().userId(), hash, checkedAt,
                        meta, ResetSecret.CARGO_TOKEN.auditDetail(), false)
                .map(c -> new Outcome(Outcome.Kind.DONE, null, c.user(), null))
                .orElseGet(Outcome::refused);
    }

    /** Strapi's reset-password: the code finds the account; success starts a session, as Strapi's does. */
    public Outcome resetWithStrapiCode(Project project, String code, String password, RequestMeta meta) {
        ProjectId pid = project.projectId();
        long checkedAt = clock.millis();
        Optional<OtpCodes.TokenRow> row = find(project, ResetSecret.STRAPI_CODE, code, meta.ip(), meta, checkedAt);
        Optional<User> user = row.flatMap(r -> users.find(pid, r.userId()));
        if (user.isEmpty()) {
            return Outcome.refused();
        }
        Optional<String> weakness = users.passwordProblem(project, password, user.get().emailKey());
        if (weakness.isPresent()) {
            return Outcome.weak(weakness.get());
        }
        String hash = hasher.hash(password);
        return completion.complete(project, row.get().emailKey(), row.get().id(), user.get().id(), hash, checkedAt, meta,
                        ResetSecret.STRAPI_CODE.auditDetail(), true)
                .map(c -> new Outcome(Outcome.Kind.DONE, null, c.user(), c.tokens()))
                .orElseGet(Outcome::refused);
    }

    /**
     * The open, unexpired secret of an account that matches. Every lookup first takes a guess from
     * both budgets (429 when spent), and a lookup that found its secret gives it back. A secret of
     * an unknown address (its mail was never sent) never matches.
     */
    private Optional<OtpCodes.TokenRow> find(Project project, ResetSecret secret, String presented, String clientIp,
                                             RequestMeta meta, long now) {
        ProjectId pid = project.projectId();
        TokenGuessBudget.Taken taken = budget.take(pid, clientIp, now);
        String mac = secret.mac(keys, pid, null, secret.normalize(presented));
        return jdbi.inTransaction(h -> {
            Optional<OtpCodes.TokenRow> row = codes.openByMac(h, pid, mac, secret.purpose())
                    .filter(r -> r.expiresAt() > now && r.userId() != null);
            if (row.isPresent()) {
                budget.giveBack(h, taken);
            } else {
                audit.record(h, pid, "reset.code_failed", null, null, meta, secret.auditDetail());
            }
            return row;
        });
    }

    /** A confirmed reset's MAC names the address and the client network it is bound to. */
    private String boundTo(ProjectId pid, String emailKey, String clientIp) {
        return keys.otpMac(pid.value(), emailKey, OtpCodes.RESET_CONFIRMED, ClientNetwork.of(clientIp));
    }
}
