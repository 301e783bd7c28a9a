package dev.keyward.project;

import dev.keyward.otp.Alphabet;
import dev.keyward.otp.OtpPolicy;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * SQL for projects; {@link ProjectService} is the only writer. Rows map to {@link Project} by
 * column name, the otp_* columns to its nested {@link OtpPolicy}.
 */
@RegisterConstructorMapper(Project.class)
@RegisterColumnMapper(ProjectDao.AlphabetByWireName.class)
public interface ProjectDao {
    @SqlUpdate("""
            INSERT INTO projects (id, name, require_email_verification, password_min_length, mail_from_name,
                mail_from_address, verify_url, reset_url, admin_key_hash, otp_length, otp_alphabet, otp_ttl_seconds,
                otp_max_attempts, otp_resend_cooldown_seconds, otp_max_sends_per_hour, otp_max_failures_per_day,
                compat_cargo_extra, compat_strapi, created_at)
            VALUES (:id, :name, :requireEmailVerification, :passwordMinLength, :mailFromName, :mailFromAddress,
                :verifyUrl, :resetUrl, :adminKeyHash, :otpPolicy.length, :otpPolicy.alphabet.wireName,
                :otpPolicy.ttlSeconds, :otpPolicy.maxAttempts, :otpPolicy.resendCooldownSeconds,
                :otpPolicy.maxSendsPerHour, :otpPolicy.maxFailuresPerDay, :compat.cargoExtra, :compat.strapi, :createdAt)""")
    void insert(@BindMethods Project project, String adminKeyHash);

    @SqlQuery("SELECT * FROM projects WHERE id = :id")
    Optional<Project> find(String id);

    @SqlQuery("SELECT * FROM projects ORDER BY created_at, id")
    List<Project> list();

    @SqlQuery("SELECT id FROM projects WHERE admin_key_hash = :adminKeyHash")
    Optional<String> projectOfAdminKey(String adminKeyHash);

    @SqlUpdate("""
            UPDATE projects SET name = :name, require_email_verification = :requireEmailVerification,
                password_min_length = :passwordMinLength, mail_from_name = :mailFromName,
                mail_from_address = :mailFromAddress, verify_url = :verifyUrl, reset_url = :resetUrl,
                compat_cargo_extra = :compat.cargoExtra, compat_strapi = :compat.strapi
            WHERE id = :id""")
    void updateSettings(@BindMethods Project project);

    @SqlUpdate("""
            UPDATE projects SET otp_length = :policy.length, otp_alphabet = :policy.alphabet.wireName,
                otp_ttl_seconds = :policy.ttlSeconds, otp_max_attempts = :policy.maxAttempts,
                otp_resend_cooldown_seconds = :policy.resendCooldownSeconds,
                otp_max_sends_per_hour = :policy.maxSendsPerHour, otp_max_failures_per_day = :policy.maxFailuresPerDay
            WHERE id = :id""")
    void updateOtpPolicy(String id, @BindMethods("policy") OtpPolicy policy);

    @SqlUpdate("UPDATE projects SET admin_key_hash = :adminKeyHash WHERE id = :id")
    void updateAdminKey(String id, String adminKeyHash);

    /** otp_alphabet holds {@link Alphabet#wireName()}. */
    final class AlphabetByWireName implements ColumnMapper<Alphabet> {
        @Override
        public Alphabet map(ResultSet r, int columnNumber, StatementContext ctx) throws SQLException {
            return Alphabet.fromWire(r.getString(columnNumber)).orElseThrow();
        }
    }
}
