package dev.keyward.project;

import dev.keyward.otp.Alphabet;
import dev.keyward.otp.OtpPolicy;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** SQL for projects. */
public final class ProjectDao {
    static final RowMapper<Project> MAPPER = (rs, ctx) -> new Project(
            rs.getString("id"), rs.getString("name"), rs.getBoolean("require_email_verification"),
            rs.getInt("password_min_length"), rs.getString("mail_from_name"), rs.getString("mail_from_address"),
            rs.getString("verify_url"), rs.getString("reset_url"),
            new OtpPolicy(rs.getInt("otp_length"), Alphabet.fromWire(rs.getString("otp_alphabet")).orElseThrow(),
                    rs.getInt("otp_ttl_seconds"), rs.getInt("otp_max_attempts"), rs.getInt("otp_resend_cooldown_seconds"),
                    rs.getInt("otp_max_sends_per_hour"), rs.getInt("otp_max_failures_per_day")),
            rs.getLong("created_at"));

    private final Handle h;

    public ProjectDao(Handle h) {
        this.h = h;
    }

    public void insert(Project p, String adminKeyHash) {
        h.createUpdate("""
                INSERT INTO projects (id, name, require_email_verification, password_min_length, mail_from_name,
                    mail_from_address, verify_url, reset_url, admin_key_hash, otp_length, otp_alphabet, otp_ttl_seconds,
                    otp_max_attempts, otp_resend_cooldown_seconds, otp_max_sends_per_hour, otp_max_failures_per_day,
                    created_at)
                VALUES (:id, :name, :req, :minLen, :fromName, :fromAddress, :verifyUrl, :resetUrl, :keyHash, :len,
                    :alphabet, :ttl, :attempts, :cooldown, :sends, :failures, :createdAt)""")
                .bind("id", p.id()).bind("name", p.name()).bind("req", p.requireEmailVerification())
                .bind("minLen", p.passwordMinLength()).bind("fromName", p.mailFromName())
                .bind("fromAddress", p.mailFromAddress()).bind("verifyUrl", p.verifyUrl()).bind("resetUrl", p.resetUrl())
                .bind("keyHash", adminKeyHash)
                .bind("len", p.otpPolicy().length()).bind("alphabet", p.otpPolicy().alphabet().wireName())
                .bind("ttl", p.otpPolicy().ttlSeconds()).bind("attempts", p.otpPolicy().maxAttempts())
                .bind("cooldown", p.otpPolicy().resendCooldownSeconds()).bind("sends", p.otpPolicy().maxSendsPerHour())
                .bind("failures", p.otpPolicy().maxFailuresPerDay()).bind("createdAt", p.createdAt())
                .execute();
    }

    public Optional<Project> find(ProjectId id) {
        return h.createQuery("SELECT * FROM projects WHERE id = :id").bind("id", id.value()).map(MAPPER).findOne();
    }

    public List<Project> list() {
        return h.createQuery("SELECT * FROM projects ORDER BY created_at, id").map(MAPPER).list();
    }

    public Optional<String> adminKeyHash(ProjectId id) {
        return h.createQuery("SELECT admin_key_hash FROM projects WHERE id = :id").bind("id", id.value())
                .mapTo(String.class).findOne();
    }

    public Optional<String> projectOfAdminKey(String keyHash) {
        return h.createQuery("SELECT id FROM projects WHERE admin_key_hash = :h").bind("h", keyHash)
                .mapTo(String.class).findOne();
    }

    public void updateSettings(Project p) {
        h.createUpdate("""
                UPDATE projects SET name = :name, require_email_verification = :req, password_min_length = :minLen,
                    mail_from_name = :fromName, mail_from_address = :fromAddress, verify_url = :verifyUrl,
                    reset_url = :resetUrl
                WHERE id = :id""")
                .bind("id", p.id()).bind("name", p.name()).bind("req", p.requireEmailVerification())
                .bind("minLen", p.passwordMinLength()).bind("fromName", p.mailFromName())
                .bind("fromAddress", p.mailFromAddress()).bind("verifyUrl", p.verifyUrl()).bind("resetUrl", p.resetUrl())
                .execute();
    }

    public void updateOtpPolicy(ProjectId id, OtpPolicy policy) {
        h.createUpdate("""
                UPDATE projects SET otp_length = :len, otp_alphabet = :alphabet, otp_ttl_seconds = :ttl,
                    otp_max_attempts = :attempts, otp_resend_cooldown_seconds = :cooldown,
                    otp_max_sends_per_hour = :sends, otp_max_failures_per_day = :failures
                WHERE id = :id""")
                .bind("id", id.value())
                .bind("len", policy.length()).bind("alphabet", policy.alphabet().wireName())
                .bind("ttl", policy.ttlSeconds()).bind("attempts", policy.maxAttempts())
                .bind("cooldown", policy.resendCooldownSeconds()).bind("sends", policy.maxSendsPerHour())
                .bind("failures", policy.maxFailuresPerDay())
                .execute();
    }

    public void updateAdminKey(ProjectId id, String keyHash) {
        h.createUpdate("UPDATE projects SET admin_key_hash = :h WHERE id = :id")
                .bind("h", keyHash).bind("id", id.value()).execute();
    }
}
