package dev.keyward.otp;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for otp_codes; {@link OtpCodes} is the only writer. Every statement names the project, except the MAC lookup. */
public interface OtpCodeDao {
    @SqlUpdate("""
            INSERT INTO otp_codes (project_id, email_key, user_id, purpose, mac, created_at, expires_at,
                attempts, max_attempts)
            VALUES (:projectId, :emailKey, :userId, :purpose, :mac, :now, :expiresAt, 0, :maxAttempts)""")
    @GetGeneratedKeys("id")
    long insert(String projectId, String emailKey, String userId, String purpose, String mac, long now, long expiresAt,
                int maxAttempts);

    /**
     * PostgreSQL: {@link #closeOpen} and {@link #insert} in one statement. A data-modifying WITH
     * runs to completion on the statement's snapshot, so the update never sees the new row.
     */
    @SqlQuery("""
            WITH closed AS (
                UPDATE otp_codes SET closed_at = :now
                WHERE project_id = :projectId AND email_key = :emailKey AND purpose IN (<closing>)
                  AND consumed_at IS NULL AND closed_at IS NULL)
            INSERT INTO otp_codes (project_id, email_key, user_id, purpose, mac, created_at, expires_at,
                attempts, max_attempts)
            VALUES (:projectId, :emailKey, :userId, :purpose, :mac, :now, :expiresAt, 0, :maxAttempts)
            RETURNING id""")
    long closeOpenAndInsert(String projectId, String emailKey, String userId, String purpose, String mac, long now,
                            long expiresAt, int maxAttempts, @BindList String... closing);

    @SqlUpdate("""
            UPDATE otp_codes SET closed_at = :now
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose IN (<purposes>)
              AND consumed_at IS NULL AND closed_at IS NULL""")
    int closeOpen(String projectId, String emailKey, long now, @BindList String... purposes);

    @SqlQuery("""
            SELECT id, user_id, mac, expires_at, attempts, max_attempts FROM otp_codes
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose
              AND consumed_at IS NULL AND closed_at IS NULL
            ORDER BY id DESC LIMIT 1""")
    @RegisterRowMapper(CodeColumns.class)
    Optional<OtpCodes.Code> newestOpen(String projectId, String emailKey, String purpose);

    /** 1 when an attempt was left and is now counted, else 0. */
    @SqlUpdate("""
            UPDATE otp_codes SET attempts = attempts + 1
            WHERE id = :id AND project_id = :projectId AND attempts < max_attempts
              AND consumed_at IS NULL AND closed_at IS NULL""")
    int countAttempt(String projectId, long id);

    /** 1 for the one caller that consumed the code, else 0. */
    @SqlUpdate("""
            UPDATE otp_codes SET consumed_at = :now
            WHERE id = :id AND project_id = :projectId AND consumed_at IS NULL AND closed_at IS NULL AND expires_at > :now""")
    int consume(String projectId, long id, long now);

    @SqlQuery("""
            SELECT COUNT(*) FROM otp_codes
            WHERE id = :id AND project_id = :projectId AND consumed_at IS NULL AND closed_at IS NULL""")
    int countOpen(String projectId, long id);

    @SqlUpdate("DELETE FROM otp_codes WHERE project_id = :projectId AND email_key = :emailKey")
    void deleteAllFor(String projectId, String emailKey);

    /** The ids of at most {@code batch} codes that expired before the given time, oldest first (otp_codes_expires, V8). */
    @SqlQuery("SELECT id FROM otp_codes WHERE expires_at < :before ORDER BY expires_at LIMIT :batch")
    List<Long> expiredBefore(long before, int batch);

    /**
     * Deletes these codes by primary key. A single {@code DELETE ... WHERE id IN (SELECT ... LIMIT :batch)}
     * gets a generic plan that does not know the limit: PostgreSQL hashed the batch and scanned the
     * whole table to join it, once per batch.
     */
    @SqlUpdate("DELETE FROM otp_codes WHERE id IN (<ids>)")
    int deleteByIds(@BindList("ids") List<Long> ids);

    @SqlQuery("""
            SELECT id, project_id, email_key, user_id, expires_at FROM otp_codes
            WHERE mac = :mac AND purpose = :purpose AND consumed_at IS NULL AND closed_at IS NULL"""
            + " AND " + OtpCodes.MAC_INDEXED)
    @RegisterConstructorMapper(OtpCodes.TokenRow.class)
    Optional<OtpCodes.TokenRow> openByMac(String mac, String purpose);

    @SqlQuery("""
            SELECT id, project_id, email_key, user_id, expires_at FROM otp_codes
            WHERE mac = :mac AND project_id = :projectId AND purpose = :purpose AND consumed_at IS NULL AND closed_at IS NULL"""
            + " AND " + OtpCodes.MAC_INDEXED)
    @RegisterConstructorMapper(OtpCodes.TokenRow.class)
    Optional<OtpCodes.TokenRow> openByMacIn(String projectId, String mac, String purpose);

    /** {@link OtpCodes.Code} by column name, without reflection: every confirm and wrong guess reads one. */
    final class CodeColumns implements RowMapper<OtpCodes.Code> {
        @Override
        public OtpCodes.Code map(ResultSet r, StatementContext ctx) throws SQLException {
            return new OtpCodes.Code(r.getLong("id"), r.getString("user_id"), r.getString("mac"), r.getLong("expires_at"),
                    r.getInt("attempts"), r.getInt("max_attempts"));
        }
    }
}
