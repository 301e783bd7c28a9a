package dev.keyward.reset;

import dev.keyward.audit.AuditLog;
import dev.keyward.mail.Outbox;
import dev.keyward.otp.OtpCodes;
import dev.keyward.ratelimit.AddressLimitDao;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.user.UserDao;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL only: a reset request's reads and writes in two statements instead of seven round
 * trips. Each part is the statement its owner runs alone ({@link AddressLimitDao#upsertLocked},
 * {@code UserDao.findByEmail}, {@code OtpCodeDao.closeOpenAndInsert}, {@code OutboxDao.insert},
 * {@link AddressLimitDao#recordSend}, {@code AuditDao.insert}); {@link ResetRequestRows} runs
 * those one by one on other databases.
 */
public interface ResetRequestDao {
    /**
     * The address's limits row, created if absent and locked for the rest of the transaction, with
     * its account if there is one. The account is read on this statement's snapshot, taken before
     * any wait for the row lock: as if the request had arrived a moment earlier.
     */
    @SqlQuery("""
            WITH l AS (
                INSERT INTO otp_limits AS l (project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour,
                    fail_log, last_failure_at)
                VALUES (:projectId, :emailKey, :purpose, 0, 0, 0, '', 0)
                ON CONFLICT (project_id, email_key, purpose) DO UPDATE SET purpose = l.purpose
                RETURNING project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log)
            SELECT l.*, u.id, u.email, u.password_hash, u.first_name, u.last_name, u.role, u.custom_role,
                u.email_verified, u.two_factor_enabled, u.created_at, u.updated_at, u.locale
            FROM l LEFT JOIN users u ON u.project_id = :projectId AND u.email_key = :emailKey""")
    @RegisterRowMapper(LockedColumns.class)
    ResetRequestRows.Locked lockAndFind(String projectId, String emailKey, String purpose);

    /**
     * Closes the address's open secrets of the {@code closing} purposes, stores the new one, queues
     * its mail (void for an unknown address), counts the send and writes the audit event; returns
     * the new secret's id. A data-modifying WITH runs every part on one snapshot, so the closing
     * update never sees the new secret.
     */
    @SqlQuery("""
            WITH closed AS (
                UPDATE otp_codes SET closed_at = :c.createdAt
                WHERE project_id = :c.projectId AND email_key = :c.emailKey AND purpose IN (<closing>)
                  AND consumed_at IS NULL AND closed_at IS NULL),
            code AS (
                INSERT INTO otp_codes (project_id, email_key, user_id, purpose, mac, created_at, expires_at,
                    attempts, max_attempts)
                VALUES (:c.projectId, :c.emailKey, :c.userId, :c.purpose, :c.mac, :c.createdAt, :c.expiresAt, 0,
                    :c.maxAttempts)
                RETURNING id),
            mail AS (
                INSERT INTO outbox (project_id, kind, code_id, recipient, payload, status, attempts, next_attempt_at,
                    expires_at, created_at, locale)
                SELECT :m.projectId, :m.kind, code.id, :m.recipient, :m.payload, :m.status, 0, :m.createdAt,
                    :m.expiresAt, :m.createdAt, :m.locale FROM code),
            sent AS (
                UPDATE otp_limits SET last_sent_at = :s.sentAt, hour_start = :s.hourStart, sends_in_hour = :s.sendsInHour
                WHERE project_id = :s.projectId AND email_key = :s.emailKey AND purpose = :s.purpose),
            audit AS (
                INSERT INTO audit_events (project_id, type, user_id, subject, ip, request_id, actor, detail, created_at)
                VALUES (:a.projectId, :a.type, :a.userId, :a.subject, :a.ip, :a.requestId, :a.actor, :a.detail,
                    :a.createdAt))
            SELECT id FROM code""")
    long store(@BindMethods("c") OtpCodes.NewCode code, @BindList("closing") String[] closing,
               @BindMethods("m") Outbox.Row mail, @BindMethods("s") AddressLimits.Send send,
               @BindMethods("a") AuditLog.Entry audit);

    /**
     * The limits row by its columns, and the account when the join found one (its id is never
     * null); the account's project and email key are the limits row's, which the join matched.
     */
    final class LockedColumns implements RowMapper<ResetRequestRows.Locked> {
        private final RowMapper<AddressLimits.Row> limits = new AddressLimitDao.Columns();
        private final RowMapper<dev.keyward.user.User> users = new UserDao.Columns();

        @Override
        public ResetRequestRows.Locked map(ResultSet r, StatementContext ctx) throws SQLException {
            return new ResetRequestRows.Locked(limits.map(r, ctx),
                    r.getString("id") == null ? Optional.empty() : Optional.of(users.map(r, ctx)));
        }
    }
}
