package dev.keyward.ratelimit;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** SQL for otp_limits; {@link AddressLimits} is the only writer. */
@RegisterRowMapper(AddressLimitDao.Columns.class)
public interface AddressLimitDao {
    @SqlUpdate("""
            INSERT INTO otp_limits (project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log,
                last_failure_at)
            VALUES (:projectId, :emailKey, :purpose, 0, 0, 0, '', 0) ON CONFLICT DO NOTHING""")
    void insertIfAbsent(String projectId, String emailKey, String purpose);

    /**
     * PostgreSQL: the row, created if absent and locked for the rest of the transaction, in one
     * statement (an existing row gets a new version of itself, which takes its lock as FOR UPDATE
     * would). Portable databases run {@link #insertIfAbsent} and {@link #lock}.
     */
    @SqlQuery("""
            INSERT INTO otp_limits AS l (project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour,
                fail_log, last_failure_at)
            VALUES (:projectId, :emailKey, :purpose, 0, 0, 0, '', 0)
            ON CONFLICT (project_id, email_key, purpose) DO UPDATE SET purpose = l.purpose
            RETURNING project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log""")
    AddressLimits.Row upsertLocked(String projectId, String emailKey, String purpose);

    /** The row, locked for the rest of the transaction. */
    @SqlQuery("""
            SELECT project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log FROM otp_limits
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose FOR UPDATE""")
    Optional<AddressLimits.Row> lock(String projectId, String emailKey, String purpose);

    @SqlUpdate("""
            UPDATE otp_limits SET last_sent_at = :now, hour_start = :hourStart, sends_in_hour = :sendsInHour
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose""")
    void recordSend(String projectId, String emailKey, String purpose, long now, long hourStart, int sendsInHour);

    @SqlUpdate("""
            UPDATE otp_limits SET fail_log = :log, last_failure_at = :lastFailureAt
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose""")
    void setFailLog(String projectId, String emailKey, String purpose, String log, long lastFailureAt);

    /** Matches no row when the address has no failures. */
    @SqlUpdate("""
            UPDATE otp_limits SET fail_log = '', last_failure_at = 0
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose AND fail_log <> ''""")
    void clearFailures(String projectId, String emailKey, String purpose);

    /**
     * Takes one from the row's hourly budget in one statement (a new window starts once the old
     * one is an hour old); 0 rows when the budget of the current window is spent.
     */
    @SqlUpdate("""
            UPDATE otp_limits SET
                hour_start = CASE WHEN :now - hour_start >= 3600000 THEN :now ELSE hour_start END,
                sends_in_hour = CASE WHEN :now - hour_start >= 3600000 THEN 1 ELSE sends_in_hour + 1 END
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose
              AND (:now - hour_start >= 3600000 OR sends_in_hour < :budget)""")
    int take(String projectId, String emailKey, String purpose, long now, int budget);

    @SqlUpdate("""
            UPDATE otp_limits SET sends_in_hour = sends_in_hour - 1
            WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose AND sends_in_hour > 0""")
    void giveBack(String projectId, String emailKey, String purpose);

    @SqlQuery("SELECT hour_start FROM otp_limits WHERE project_id = :projectId AND email_key = :emailKey AND purpose = :purpose")
    Optional<Long> hourStart(String projectId, String emailKey, String purpose);

    @SqlUpdate("DELETE FROM otp_limits WHERE last_sent_at < :before AND hour_start < :before AND last_failure_at < :before")
    int deleteIdleSince(long before);

    /** Rows to {@link AddressLimits.Row} by column name (every reset and guess reads one: no reflection). */
    final class Columns implements RowMapper<AddressLimits.Row> {
        @Override
        public AddressLimits.Row map(ResultSet r, StatementContext ctx) throws SQLException {
            return new AddressLimits.Row(r.getString("project_id"), r.getString("email_key"), r.getString("purpose"),
                    r.getLong("last_sent_at"), r.getLong("hour_start"), r.getInt("sends_in_hour"), r.getString("fail_log"));
        }
    }
}
