package dev.keyward.session;

import dev.keyward.config.Keys;
import dev.keyward.config.RandomTokens;
import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Opaque access and refresh tokens (256-bit random, stored only as MACs). Refresh tokens rotate;
 * presenting a rotated one again means it leaked, so the whole session is revoked.
 */
public final class SessionService {
    public static final int ACCESS_TTL_SECONDS = 1800;
    static final long REFRESH_TTL_MILLIS = 30L * 24 * 3600 * 1000;
    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";

    private final Jdbi jdbi;
    private final Keys keys;
    private final Clock clock;
    private final SecureRandom random;

    public SessionService(Jdbi jdbi, Keys keys, Clock clock, SecureRandom random) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
        this.random = random;
    }

    public record Tokens(String token, String refreshToken, int expiresIn) { }

    public record Principal(String projectId, String userId, String sessionId) { }

    /** Starts a session inside the caller's transaction. */
    public Tokens start(Handle h, ProjectId project, String userId) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String sessionId = HexFormat.of().formatHex(id);
        long now = clock.millis();
        h.createUpdate("INSERT INTO sessions (id, project_id, user_id, created_at) VALUES (:id, :p, :u, :now)")
                .bind("id", sessionId).bind("p", project.value()).bind("u", userId).bind("now", now).execute();
        return issue(h, project.value(), sessionId, now);
    }

    private Tokens issue(Handle h, String projectId, String sessionId, long now) {
        String access = newToken();
        String refresh = newToken();
        insertToken(h, keys.tokenMac(ACCESS, access), sessionId, projectId, ACCESS, now + ACCESS_TTL_SECONDS * 1000L);
        insertToken(h, keys.tokenMac(REFRESH, refresh), sessionId, projectId, REFRESH, now + REFRESH_TTL_MILLIS);
        return new Tokens(access, refresh, ACCESS_TTL_SECONDS);
    }

    private static void insertToken(Handle h, String hash, String sessionId, String projectId, String kind, long expires) {
        h.createUpdate("""
                INSERT INTO session_tokens (token_hash, session_id, project_id, kind, expires_at)
                VALUES (:h, :s, :p, :k, :e)""")
                .bind("h", hash).bind("s", sessionId).bind("p", projectId).bind("k", kind).bind("e", expires).execute();
    }

    /** The live session behind an access token, or 401. */
    public Principal authenticate(String accessToken) {
        if (accessToken == null || accessToken.length() > 200) {
            throw ApiException.unauthorized("Invalid or expired token");
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.project_id, s.user_id, s.id FROM session_tokens t JOIN sessions s ON s.id = t.session_id
                        WHERE t.token_hash = :h AND t.kind = 'access' AND t.expires_at > :now AND s.revoked_at IS NULL""")
                .bind("h", keys.tokenMac(ACCESS, accessToken)).bind("now", clock.millis())
                .map((rs, ctx) -> new Principal(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne())
                .orElseThrow(() -> ApiException.unauthorized("Invalid or expired token"));
    }

    public Tokens refresh(String refreshToken) {
        if (refreshToken.length() > 200) {
            throw ApiException.unauthorized("Invalid or expired refresh token");
        }
        String hash = keys.tokenMac(REFRESH, refreshToken);
        Optional<Tokens> result = jdbi.inTransaction(h -> {
            long now = clock.millis();
            var row = h.createQuery("""
                            SELECT t.session_id, t.project_id, t.expires_at, t.used_at, s.revoked_at
                            FROM session_tokens t JOIN sessions s ON s.id = t.session_id
                            WHERE t.token_hash = :h AND t.kind = 'refresh'""")
                    .bind("h", hash)
                    .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getObject(4), rs.getObject(5)})
                    .findOne();
            if (row.isEmpty() || row.get()[4] != null || (long) row.get()[2] <= now) {
                return Optional.<Tokens>empty();
            }
            String sessionId = (String) row.get()[0];
            // Consume atomically: of two concurrent refreshes with one token, only one rotates.
            int used = h.createUpdate("UPDATE session_tokens SET used_at = :now WHERE token_hash = :h AND used_at IS NULL")
                    .bind("now", now).bind("h", hash).execute();
            if (used == 0) {
                revokeSession(h, sessionId, now);
                return Optional.<Tokens>empty();
            }
            // The access tokens issued with the rotated refresh token end with it.
            h.createUpdate("""
                    UPDATE session_tokens SET expires_at = :now
                    WHERE session_id = :s AND kind = 'access' AND expires_at > :now""")
                    .bind("now", now).bind("s", sessionId).execute();
            return Optional.of(issue(h, (String) row.get()[1], sessionId, now));
        });
        return result.orElseThrow(() -> ApiException.unauthorized("Invalid or expired refresh token"));
    }

    public void logout(Principal principal) {
        jdbi.useHandle(h -> revokeSession(h, principal.sessionId(), clock.millis()));
    }

    /** Ends every session of a user (password change, deletion) inside the caller's transaction. */
    public void revokeAll(Handle h, ProjectId project, String userId) {
        h.createUpdate("UPDATE sessions SET revoked_at = :now WHERE project_id = :p AND user_id = :u AND revoked_at IS NULL")
                .bind("now", clock.millis()).bind("p", project.value()).bind("u", userId).execute();
    }

    private static void revokeSession(Handle h, String sessionId, long now) {
        h.createUpdate("UPDATE sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("id", sessionId).execute();
    }

    private String newToken() {
        return RandomTokens.next(random);
    }
}
