package dev.keyward.session;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.Optional;

/** SQL for sessions and their tokens (one aggregate); {@link SessionService} is the only writer. */
public interface SessionDao {
    @SqlUpdate("INSERT INTO sessions (id, project_id, user_id, created_at) VALUES (:id, :projectId, :userId, :now)")
    void insertSession(String id, String projectId, String userId, long now);

    @SqlUpdate("""
            INSERT INTO session_tokens (token_hash, session_id, project_id, kind, expires_at)
            VALUES (:tokenHash, :sessionId, :projectId, :kind, :expiresAt)""")
    void insertToken(String tokenHash, String sessionId, String projectId, String kind, long expiresAt);

    @SqlQuery("""
            SELECT s.project_id, s.user_id, s.id AS session_id FROM session_tokens t JOIN sessions s ON s.id = t.session_id
            WHERE t.token_hash = :tokenHash AND t.kind = 'access' AND t.expires_at > :now AND s.revoked_at IS NULL""")
    @RegisterConstructorMapper(SessionService.Principal.class)
    Optional<SessionService.Principal> liveAccess(String tokenHash, long now);

    /** A refresh token as stored, with its session's revocation. */
    record RefreshRow(String sessionId, String projectId, long expiresAt, Long usedAt, Long revokedAt) { }

    @SqlQuery("""
            SELECT t.session_id, t.project_id, t.expires_at, t.used_at, s.revoked_at
            FROM session_tokens t JOIN sessions s ON s.id = t.session_id
            WHERE t.token_hash = :tokenHash AND t.kind = 'refresh'""")
    @RegisterConstructorMapper(RefreshRow.class)
    Optional<RefreshRow> refreshToken(String tokenHash);

    /** 1 for the one caller that used the token, 0 if it was used before. */
    @SqlUpdate("UPDATE session_tokens SET used_at = :now WHERE token_hash = :tokenHash AND used_at IS NULL")
    int markUsed(String tokenHash, long now);

    @SqlUpdate("""
            UPDATE session_tokens SET expires_at = :now
            WHERE session_id = :sessionId AND kind = 'access' AND expires_at > :now""")
    void expireAccessTokens(String sessionId, long now);

    @SqlUpdate("UPDATE sessions SET revoked_at = :now WHERE project_id = :projectId AND user_id = :userId AND revoked_at IS NULL")
    void revokeAll(String projectId, String userId, long now);

    @SqlUpdate("UPDATE sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
    void revoke(String id, long now);

    @SqlUpdate("""
            DELETE FROM session_tokens
            WHERE session_id IN (SELECT id FROM sessions WHERE project_id = :projectId AND user_id = :userId)""")
    void deleteTokensOf(String projectId, String userId);

    @SqlUpdate("DELETE FROM sessions WHERE project_id = :projectId AND user_id = :userId")
    void deleteSessionsOf(String projectId, String userId);

    @SqlUpdate("DELETE FROM session_tokens WHERE expires_at < :before")
    int deleteTokensExpiredBefore(long before);
}
