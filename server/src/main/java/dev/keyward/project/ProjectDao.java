package dev.keyward.project;

import dev.keyward.otp.Alphabet;
import dev.keyward.otp.OtpPolicy;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.Nested;
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
@RegisterColumnMapper(ProjectDao.OriginsAsStored.class)
@RegisterColumnMapper(ProjectDao.ModeByWireName.class)
public interface ProjectDao {
    @SqlUpdate("""
            INSERT INTO projects (id, name, require_email_verification, password_min_length, mail_from_name,
                mail_from_address, verify_url, reset_url, admin_key_hash, otp_length, otp_alphabet, otp_ttl_seconds,
                otp_max_attempts, otp_resend_cooldown_seconds, otp_max_sends_per_hour, otp_max_failures_per_day,
                compat_cargo_extra, compat_strapi, allowed_origins, registration_mode, created_at, default_locale)
            VALUES (:id, :name, :requireEmailVerification, :passwordMinLength, :mailFromName, :mailFromAddress,
                :verifyUrl, :resetUrl, :adminKeyHash, :otpPolicy.length, :otpPolicy.alphabet.wireName,
                :otpPolicy.ttlSeconds, :otpPolicy.maxAttempts, :otpPolicy.resendCooldownSeconds,
                :otpPolicy.maxSendsPerHour, :otpPolicy.maxFailuresPerDay, :compat.cargoExtra, :compat.strapi,
                :allowedOrigins.stored, :registrationMode.wireName, :createdAt, :defaultLocale)""")
    void insert(@BindMethods Project project, String adminKeyHash);

    @SqlQuery("SELECT * FROM projects WHERE id = :id")
    Optional<Project> find(String id);

    /** The project with the version of the row it was read from ({@link ProjectCache}). */
    @SqlQuery("SELECT * FROM projects WHERE id = :id")
    @RegisterConstructorMapper(Versioned.class)
    Optional<Versioned> findVersioned(String id);

    @SqlQuery("SELECT * FROM projects ORDER BY created_at, id")
    List<Project> list();

    @SqlQuery("SELECT id FROM projects WHERE admin_key_hash = :adminKeyHash")
    Optional<String> projectOfAdminKey(String adminKeyHash);

    @SqlUpdate("""
            UPDATE projects SET name = :name, require_email_verification = :requireEmailVerification,
                password_min_length = :passwordMinLength, mail_from_name = :mailFromName,
                mail_from_address = :mailFromAddress, verify_url = :verifyUrl, reset_url = :resetUrl,
                compat_cargo_extra = :compat.cargoExtra, compat_strapi = :compat.strapi,
                allowed_origins = :allowedOrigins.stored, registration_mode = :registrationMode.wireName,
                default_locale = :defaultLocale, settings_version = settings_version + 1
            WHERE id = :id""")
    void updateSettings(@BindMethods Project project);

    @SqlUpdate("""
            UPDATE projects SET otp_length = :policy.length, otp_alphabet = :policy.alphabet.wireName,
                otp_ttl_seconds = :policy.ttlSeconds, otp_max_attempts = :policy.maxAttempts,
                otp_resend_cooldown_seconds = :policy.resendCooldownSeconds,
                otp_max_sends_per_hour = :policy.maxSendsPerHour, otp_max_failures_per_day = :policy.maxFailuresPerDay,
                settings_version = settings_version + 1
            WHERE id = :id""")
    void updateOtpPolicy(String id, @BindMethods("policy") OtpPolicy policy);

    @SqlUpdate("UPDATE projects SET admin_key_hash = :adminKeyHash, settings_version = settings_version + 1 WHERE id = :id")
    void updateAdminKey(String id, String adminKeyHash);

    /** Whether any project lets this origin call it from a browser (a preflight that names no project). */
    @SqlQuery("SELECT COUNT(*) FROM projects WHERE allowed_origins LIKE :pattern")
    int countAllowingOrigin(String pattern);

    /** A project as read, with its row's settings_version (bumped by every UPDATE above). */
    record Versioned(long settingsVersion, @Nested Project project) { }

    /** allowed_origins holds {@link AllowedOrigins#stored()}. */
    final class OriginsAsStored implements ColumnMapper<AllowedOrigins> {
        @Override
        public AllowedOrigins map(ResultSet r, int columnNumber, StatementContext ctx) throws SQLException {
            return AllowedOrigins.fromStored(r.getString(columnNumber));
        }
    }

    /** registration_mode holds {@link RegistrationMode#wireName()}. */
    final class ModeByWireName implements ColumnMapper<RegistrationMode> {
        @Override
        public RegistrationMode map(ResultSet r, int columnNumber, StatementContext ctx) throws SQLException {
            return RegistrationMode.fromWire(r.getString(columnNumber)).orElseThrow();
        }
    }

    /** otp_alphabet holds {@link Alphabet#wireName()}. */
    final class AlphabetByWireName implements ColumnMapper<Alphabet> {
        @Override
        public Alphabet map(ResultSet r, int columnNumber, StatementContext ctx) throws SQLException {
            return Alphabet.fromWire(r.getString(columnNumber)).orElseThrow();
        }
    }
}
