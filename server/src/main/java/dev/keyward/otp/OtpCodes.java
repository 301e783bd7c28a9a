package dev.keyward.otp;

import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

/** SQL for one-time secrets (reset codes, reset tokens, verification tokens); all scoped by project. */
public final class OtpCodes {
    public static final String RESET = "reset";
    public static final String RESET_TOKEN = "reset_token";
    public static final String VERIFY = "verify";

    public record Code(long id, String userId, String mac, long expiresAt, int attempts, int maxAttempts) { }

    public long insert(Handle h, ProjectId p, String emailKey, String userId, String purpose, String mac, long now,
                       long expiresAt, int maxAttempts) {
        return h.createUpdate("""
                        INSERT INTO otp_codes (project_id, email_key, user_id, purpose, mac, created_at, expires_at,
                            attempts, max_attempts)
                        VALUES (:p, :e, :u, :purpose, :mac, :now, :exp, 0, :max)""")
                .bind("p", p.value()).bind("e", emailKey).bind("u", userId).bind("purpose", purpose).bind("mac", mac)
                .bind("now", now).bind("exp", expiresAt).bind("max", maxAttempts)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Supersedes every open secret of these purposes for the address. */
    public int closeOpen(Handle h, ProjectId p, String emailKey, long now, String... purposes) {
        return h.createUpdate("""
                        UPDATE otp_codes SET closed_at = :now
                        WHERE project_id = :p AND email_key = :e AND purpose IN (<purposes>)
                          AND consumed_at IS NULL AND closed_at IS NULL""")
                .bind("now", now).bind("p", p.value()).bind("e", emailKey).bindList("purposes", (Object[]) purposes)
                .execute();
    }

    public Optional<Code> newestOpen(Handle h, ProjectId p, String emailKey, String purpose) {
        return h.createQuery("""
                        SELECT id, user_id, mac, expires_at, attempts, max_attempts FROM otp_codes
                        WHERE project_id = :p AND email_key = :e AND purpose = :purpose
                          AND consumed_at IS NULL AND closed_at IS NULL
                        ORDER BY id DESC LIMIT 1""")
                .bind("p", p.value()).bind("e", emailKey).bind("purpose", purpose)
                .map((rs, ctx) -> new Code(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5),
                        rs.getInt(6)))
                .findOne();
    }

    /** Counts one attempt if any are left; false means the code is spent. Atomic in the database. */
    public boolean countAttempt(Handle h, ProjectId p, long id) {
        return h.createUpdate("""
                        UPDATE otp_codes SET attempts = attempts + 1
                        WHERE id = :id AND project_id = :p AND attempts < max_attempts
                          AND consumed_at IS NULL AND closed_at IS NULL""")
                .bind("id", id).bind("p", p.value()).execute() == 1;
    }

    /** Marks the code used; exactly one of several concurrent callers gets true. */
    public boolean consume(Handle h, ProjectId p, long id, long now) {
        return h.createUpdate("""
                        UPDATE otp_codes SET consumed_at = :now
                        WHERE id = :id AND project_id = :p AND consumed_at IS NULL AND closed_at IS NULL AND expires_at > :now""")
                .bind("now", now).bind("id", id).bind("p", p.value()).execute() == 1;
    }

    /** Whether a secret can still be used (not consumed, not superseded); the relay asks before mailing it. */
    public boolean isOpen(Handle h, String projectId, long id) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM otp_codes
                        WHERE id = :id AND project_id = :p AND consumed_at IS NULL AND closed_at IS NULL""")
                .bind("id", id).bind("p", projectId).mapTo(Integer.class).one() == 1;
    }

    public record TokenRow(long id, String projectId, String emailKey, String userId, long expiresAt) { }

    /** An open secret looked up by its MAC (verification links carry only the token). */
    public Optional<TokenRow> openByMac(Handle h, String mac, String purpose) {
        return h.createQuery("""
                        SELECT id, project_id, email_key, user_id, expires_at FROM otp_codes
                        WHERE mac = :mac AND purpose = :purpose AND consumed_at IS NULL AND closed_at IS NULL""")
                .bind("mac", mac).bind("purpose", purpose)
                .map((rs, ctx) -> new TokenRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .findFirst();
    }
}
