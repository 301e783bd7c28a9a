package dev.keyward.ratelimit;

import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.Optional;

/**
 * SQL for ip_limits; {@link IpLimiter} is the only writer. A hit is one statement on PostgreSQL
 * ({@link #UPSERT_HIT}) and the other four, in one transaction, on H2.
 */
public interface IpLimitDao {
    /** The window's hits after this one, and the project's settings version read with them. */
    record Hit(int hits, long settingsVersion) { }

    /**
     * PostgreSQL: counts a hit in the window and returns the window's hits with the project's
     * settings version, in one statement; no row (and nothing counted) if the project does not
     * exist. Parameters: project id, IP, window start. Every public request runs it, through
     * {@link dev.keyward.db.Sql} (plain JDBC), in autocommit only ({@link IpLimiter}).
     *
     * <p>Its commit does not wait for the WAL flush ({@code set_config(..., true)}: this
     * statement's own transaction). Every request from one address updates the same row, which
     * stays locked until the commit: with a durable commit they queued behind the disk, one at a
     * time, and at 32 connections from one address the server managed about 1,500 requests/s
     * against 1,900 at 8. A crash of PostgreSQL can forget the last fraction of a second of hits,
     * which a per-minute limit can afford; nothing else is written by this statement.
     */
    String UPSERT_HIT = """
            WITH v AS (
                SELECT ?::text AS project_id, ?::text AS ip, ?::bigint AS window_start,
                    set_config('synchronous_commit', 'off', true) AS commit_mode),
            p AS (SELECT settings_version FROM projects, v WHERE id = v.project_id),
            hit AS (
                INSERT INTO ip_limits AS l (project_id, ip, window_start, hits)
                SELECT v.project_id, v.ip, v.window_start, 1 FROM v, p
                ON CONFLICT (project_id, ip) DO UPDATE SET
                    hits = CASE WHEN l.window_start = EXCLUDED.window_start THEN l.hits + 1 ELSE 1 END,
                    window_start = EXCLUDED.window_start
                RETURNING hits)
            SELECT hit.hits, p.settings_version FROM hit, p""";

    @SqlQuery("SELECT settings_version FROM projects WHERE id = :projectId")
    Optional<Long> settingsVersion(String projectId);

    @SqlUpdate("""
            INSERT INTO ip_limits (project_id, ip, window_start, hits) VALUES (:projectId, :ip, :window, 0)
            ON CONFLICT DO NOTHING""")
    void insertIfAbsent(String projectId, String ip, long window);

    @SqlUpdate("""
            UPDATE ip_limits SET hits = CASE WHEN window_start = :window THEN hits + 1 ELSE 1 END, window_start = :window
            WHERE project_id = :projectId AND ip = :ip""")
    void countHit(String projectId, String ip, long window);

    @SqlQuery("SELECT hits FROM ip_limits WHERE project_id = :projectId AND ip = :ip")
    int hits(String projectId, String ip);

    @SqlUpdate("DELETE FROM ip_limits WHERE window_start < :before")
    int deleteWindowsBefore(long before);

}
