package dev.keyward.otp;

import dev.keyward.db.Daos;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * One-time secrets (reset codes, reset tokens, verification tokens), all scoped by project: the
 * only writer of otp_codes, whose SQL is in {@link OtpCodeDao}.
 */
public final class OtpCodes {
    public static final String RESET = "reset";
    public static final String RESET_TOKEN = "reset_token";
    public static final String VERIFY = "verify";
    /** The compat profiles' reset secrets, found by their MAC alone; and Cargo's confirmed reset (step 2 done). */
    public static final String RESET_CARGO = "reset_cargo";
    public static final String RESET_STRAPI = "reset_strapi";
    public static final String RESET_CONFIRMED = "reset_confirmed";
    /**
     * What the MAC index holds on PostgreSQL (V11): every purpose but the email-OTP reset codes,
     * which are found by email. A lookup by MAC repeats it word for word, so that PostgreSQL can
     * prove a cached generic plan may use the partial index.
     */
    public static final String MAC_INDEXED = "purpose <> '" + RESET + "'";
    /** The predicate of the MAC index in V11, per database (H2 has no partial indexes). */
    public static String macIndexWhere(boolean postgres) {
        return postgres ? "WHERE " + MAC_INDEXED : "";
    }
    /** Every secret that can reset a password: a new request, or a completed reset, closes them all. */
    public static final String[] RESET_ALL = {RESET, RESET_TOKEN, RESET_CARGO, RESET_STRAPI, RESET_CONFIRMED};

    public record Code(long id, String userId, String mac, long expiresAt, int attempts, int maxAttempts) { }

    /** A secret to store: its MAC, creation and expiry times and attempt budget; {@code userId} null for no account. */
    public record NewCode(String projectId, String emailKey, String userId, String purpose, String mac, long createdAt,
                          long expiresAt, int maxAttempts) { }

    private final boolean postgres;

    /** On PostgreSQL a new secret and the closing of the ones it supersedes are one statement. */
    public OtpCodes(boolean postgres) {
        this.postgres = postgres;
    }

    public long insert(Handle h, ProjectId p, String emailKey, String userId, String purpose, String mac, long now,
                       long expiresAt, int maxAttempts) {
        return Daos.of(h, OtpCodeDao.class).insert(p.value(), emailKey, userId, purpose, mac, now, expiresAt, maxAttempts);
    }

    /**
     * Supersedes every open secret of the {@code closing} purposes for the address and stores a
     * new one; returns its id.
     */
    public long replace(Handle h, ProjectId p, String emailKey, String userId, String purpose, String mac, long now,
                        long expiresAt, int maxAttempts, String... closing) {
        return replace(h, new NewCode(p.value(), emailKey, userId, purpose, mac, now, expiresAt, maxAttempts), closing);
    }

    public long replace(Handle h, NewCode c, String... closing) {
        OtpCodeDao dao = Daos.of(h, OtpCodeDao.class);
        if (postgres) {
            return dao.closeOpenAndInsert(c.projectId(), c.emailKey(), c.userId(), c.purpose(), c.mac(), c.createdAt(),
                    c.expiresAt(), c.maxAttempts(), closing);
        }
        dao.closeOpen(c.projectId(), c.emailKey(), c.createdAt(), closing);
        return dao.insert(c.projectId(), c.emailKey(), c.userId(), c.purpose(), c.mac(), c.createdAt(), c.expiresAt(),
                c.maxAttempts());
    }

    /** Supersedes every open secret of these purposes for the address. */
    public int closeOpen(Handle h, ProjectId p, String emailKey, long now, String... purposes) {
        return Daos.of(h, OtpCodeDao.class).closeOpen(p.value(), emailKey, now, purposes);
    }

    public Optional<Code> newestOpen(Handle h, ProjectId p, String emailKey, String purpose) {
        return Daos.of(h, OtpCodeDao.class).newestOpen(p.value(), emailKey, purpose);
    }

    /** Counts one attempt if any are left; false means the code is spent. Atomic in the database. */
    public boolean countAttempt(Handle h, ProjectId p, long id) {
        return Daos.of(h, OtpCodeDao.class).countAttempt(p.value(), id) == 1;
    }

    /** Marks the code used; exactly one of several concurrent callers gets true. */
    public boolean consume(Handle h, ProjectId p, long id, long now) {
        return Daos.of(h, OtpCodeDao.class).consume(p.value(), id, now) == 1;
    }

    /** Whether a secret can still be used (not consumed, not superseded); the relay asks before mailing it. */
    public boolean isOpen(Handle h, String projectId, long id) {
        return Daos.of(h, OtpCodeDao.class).countOpen(projectId, id) == 1;
    }

    /** Deletes every secret of an address (the account is being deleted). */
    public void deleteAllFor(Handle h, ProjectId p, String emailKey) {
        Daos.of(h, OtpCodeDao.class).deleteAllFor(p.value(), emailKey);
    }

    /**
     * Deletes at most {@code batch} secrets that expired before the given time (all projects), the
     * oldest first, found by their expiry and deleted by id in one statement (autocommit: its own
     * short transaction); returns how many (fewer than {@code batch}: none left).
     */
    public int purgeExpiredBefore(Handle h, long before, int batch) {
        OtpCodeDao dao = Daos.of(h, OtpCodeDao.class);
        List<Long> ids = dao.expiredBefore(before, batch);
        return ids.isEmpty() ? 0 : dao.deleteByIds(ids);
    }

    public record TokenRow(long id, String projectId, String emailKey, String userId, long expiresAt) { }

    /** An open secret of this project looked up by its MAC (the compat profiles' reset secrets). */
    public Optional<TokenRow> openByMac(Handle h, ProjectId p, String mac, String purpose) {
        return Daos.of(h, OtpCodeDao.class).openByMacIn(p.value(), mac, purpose);
    }

    /** An open secret looked up by its MAC (verification links carry only the token). */
    public Optional<TokenRow> openByMac(Handle h, String mac, String purpose) {
        return Daos.of(h, OtpCodeDao.class).openByMac(mac, purpose);
    }
}
