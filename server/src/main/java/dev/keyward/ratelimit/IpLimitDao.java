package dev.keyward.ratelimit;

import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * SQL for ip_limits; {@link IpLimiter} is the only writer. A hit is one upsert on PostgreSQL
 * ({@link #upsertHit}) and the other three statements, in one transaction, on H2.
 */
public interface IpLimitDao {
    /** PostgreSQL: counts a hit in the window and returns the window's hits, in one statement. */
    @SqlQuery("""
            INSERT INTO ip_limits AS l (project_id, ip, window_start, hits) VALUES (:projectId, :ip, :window, 1)
            ON CONFLICT (project_id, ip) DO UPDATE SET
                hits = CASE WHEN l.window_start = :window THEN l.hits + 1 ELSE 1 END, window_start = :window
            RETURNING hits""")
    int upsertHit(String projectId, String ip, long window);

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
