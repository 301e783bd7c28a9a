package dev.keyward.reset;

import dev.keyward.audit.AuditLog;
import dev.keyward.db.Sql;
import dev.keyward.mail.Outbox;
import dev.keyward.otp.OtpCodes;
import dev.keyward.ratelimit.AddressLimitDao;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.user.UserDao;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

/**
 * PostgreSQL only: a reset request's reads and writes in two statements instead of six (with
 * the commit, three round trips instead of seven). Each part is the statement its owner runs alone ({@link AddressLimitDao#upsertLocked},
 * {@code UserDao.findByEmail}, {@code OtpCodeDao.closeOpenAndInsert}, {@code OutboxDao.insert},
 * {@link AddressLimitDao#recordSend}, {@code AuditDao.insert}); {@link ResetRequestRows} runs
 * those one by one on other databases. Run through {@link Sql} (plain JDBC): every reset request
 * sends them.
 */
final class ResetRequestDao {
    /**
     * The address's limits row, created if absent and locked for the rest of the transaction, with
     * its account if there is one. The account is read on this statement's snapshot, taken before
     * any wait for the row lock: as if the request had arrived a moment earlier.
     */
    static final String LOCK_AND_FIND = """
            WITH l AS (
                INSERT INTO otp_limits AS l (project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour,
                    fail_log, last_failure_at)
                VALUES (?, ?, ?, 0, 0, 0, '', 0)
                ON CONFLICT (project_id, email_key, purpose) DO UPDATE SET purpose = l.purpose
                RETURNING project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log)
            SELECT l.*, u.id, u.email, u.password_hash, u.first_name, u.last_name, u.role, u.custom_role,
                u.email_verified, u.two_factor_enabled, u.created_at, u.updated_at, u.locale
            FROM l LEFT JOIN users u ON u.project_id = l.project_id AND u.email_key = l.email_key""";

    /**
     * Closes the address's open secrets of every reset purpose ({@link OtpCodes#RESET_ALL}),
     * stores the new one, queues its mail (void for an unknown address), counts the send and
     * writes the audit event; returns the new secret's id. A data-modifying WITH runs every part
     * on one snapshot, so the closing update never sees the new secret.
     */
    static final String STORE = """
            WITH closed AS (
                UPDATE otp_codes SET closed_at = ?
                WHERE project_id = ? AND email_key = ? AND purpose IN (%s)
                  AND consumed_at IS NULL AND closed_at IS NULL),
            code AS (
                INSERT INTO otp_codes (project_id, email_key, user_id, purpose, mac, created_at, expires_at,
                    attempts, max_attempts)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)
                RETURNING id),
            mail AS (
                INSERT INTO outbox (project_id, kind, code_id, recipient, payload, status, attempts, next_attempt_at,
                    expires_at, created_at, locale)
                SELECT ?, ?, code.id, ?, ?, ?, 0, ?, ?, ?, ? FROM code),
            sent AS (
                UPDATE otp_limits SET last_sent_at = ?, hour_start = ?, sends_in_hour = ?
                WHERE project_id = ? AND email_key = ? AND purpose = ?),
            audit AS (
                INSERT INTO audit_events (project_id, type, user_id, subject, ip, request_id, actor, detail, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))
            SELECT id FROM code""".formatted(Sql.placeholders(OtpCodes.RESET_ALL.length));

    private static final AddressLimitDao.Columns LIMITS = new AddressLimitDao.Columns();
    private static final UserDao.Columns USERS = new UserDao.Columns();

    private ResetRequestDao() {
    }

    /** The limits row by its columns, and the account when the join found one (its id is never null). */
    static ResetRequestRows.Locked lockAndFind(Handle h, String projectId, String emailKey, String purpose) {
        return Sql.first(h, LOCK_AND_FIND, p -> p.texts(projectId, emailKey, purpose),
                r -> new ResetRequestRows.Locked(LIMITS.map(r, null),
                        r.getString("id") == null ? Optional.empty() : Optional.of(USERS.map(r, null)))).orElseThrow();
    }

    static long store(Handle h, OtpCodes.NewCode c, Outbox.Row m, AddressLimits.Send s, AuditLog.Entry a) {
        return Sql.first(h, STORE, p -> p
                        .int8(c.createdAt()).texts(c.projectId(), c.emailKey()).texts(OtpCodes.RESET_ALL)
                        .texts(c.projectId(), c.emailKey(), c.userId(), c.purpose(), c.mac()).int8(c.createdAt())
                        .int8(c.expiresAt()).int4(c.maxAttempts())
                        .texts(m.projectId(), m.kind(), m.recipient(), m.payload(), m.status()).int8(m.createdAt())
                        .int8(m.expiresAt()).int8(m.createdAt()).text(m.locale())
                        .int8(s.sentAt()).int8(s.hourStart()).int4(s.sendsInHour()).texts(s.projectId(), s.emailKey(), s.purpose())
                        .texts(a.projectId(), a.type(), a.userId(), a.subject(), a.ip(), a.requestId(), a.actor(), a.detail())
                        .int8(a.createdAt()),
                r -> r.getLong("id")).orElseThrow();
    }
}
